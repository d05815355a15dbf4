"""Review: councils screen, score, vote and decide. Depends on core, accounts and filing.

Modules:
councils     councils, members with roles, conflicts of interest
scoring      screening by the secretary, assignment to reviewers, rubric scoring
rubrics      rubrics as data, one per campaign
calibration  aggregation, calibration and inter-rater agreement
decisions    votes, the pass rule, recognition, certificates, higher-scope raises
documents    certificate and minutes (docx, xlsx)
"""
