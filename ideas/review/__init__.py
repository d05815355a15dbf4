"""Review: councils screen, score, vote and decide. Depends on core, accounts, filing and papers.

Modules:
councils        councils, members with roles, conflicts of interest
scoring         screening by the secretary, assignment to reviewers, rubric scoring, deadlines, reminders
bulk_screening  accept/return/assign many files in one transaction with a report line per file
rubrics         rubrics as data, one per campaign
calibration     aggregation, calibration and inter-rater agreement
passrule        the campaign's pass rule and its checks
votes           who sits for an idea, the chair's record of votes, the tally
decisions       figures, the verdict preview, the decision (a lifecycle transition), certificates
board           read models: the council's board, agreement, decisions, higher-scope candidates
documents       certificate and minutes (docx, xlsx) headed with the province's settings
issuing         the certificate's PDF issued (signed, or an unsigned draft) with the decision; its stored download
display         display helpers shared by the page views: figures, labels, who scores a file
review_council_view    the council page: members, assignments, board, decision form, documents (per section)
review_screening_view  the secretary's screening page: files to screen, files to assign
review_deadlines_view  the deadlines page: files whose legal decision date is near or past
review_queue_view      the reviewer's page: assignments and the file to score with its attachments
admin_rubrics_view     the rubric administration page: rubrics, campaigns, criteria with bands
"""
