"""Filing: initiatives from draft to a filed, public idea. Depends on core and accounts.

Modules:
records      the one look-up of an idea and its authors (get_idea, author_ids, co_author_ids, is_author)
campaigns    submission windows (đợt) per year and unit subtree, in Vietnam's calendar
form         the application form as data: fields, one declared limit per text field, checks, shares
submissions  drafts, submit with a receipt number, resubmit, withdraw; the form's one save (save, attach, file)
coauthors    co-authorship by consent: invitation, acceptance, a decline that is final
lifecycle    the one state machine of an idea, with history and audit rows
merging      a duplicate merged into the kept file: supports moved once, history on both, refusals
visibility   who may see an idea (a User or SYSTEM; None is an error), and the idea's record for the reader
attachments  files checked by content
browse       filters, accent-insensitive search, pagination in SQL (the SQL read model of several views)
similar      similar ideas (novelty check) through an inverted index
social       supports and comments
replication  other units applying an idea (nhân rộng)
followthrough  after recognition: implementation plan, progress, 6/12-month results, daily reminders

Page views (pages/<stem>.py reads <stem>_view):
admin_campaigns_view  campaigns as formatted rows, each one's form values, the forms' choices
ideas_browse_view     the filters' choices ("all" first) and one page of ideas, formatted
ideas_detail_view     one idea, translated and formatted, and safe parsing of its query parameter
ideas_followup_view   the follow-through choices, one idea's plan and results
ideas_mine_view       "my initiatives": my files with their decisions and what I may do with each
ideas_submit_view     the application form's values, labels, choices and problems
"""
