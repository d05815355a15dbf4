"""Filing: initiatives from draft to a filed, public idea. Depends on core and accounts.

Modules:
records      the one look-up of an idea and its authors (get_idea, author_ids, co_author_ids, is_author)
campaigns    submission windows (đợt) per year and unit subtree, in Vietnam's calendar
form         the application form as data: fields, one declared limit per text field, checks, shares
submissions  drafts, submit with a receipt number, resubmit, withdraw
coauthors    co-authorship by consent: invitation, acceptance, a decline that is final
lifecycle    the one state machine of an idea, with history and audit rows
merging      a duplicate merged into the kept file: supports moved once, history on both, refusals
visibility   who may see an idea (a User or SYSTEM; None is an error), and the idea's record for the reader
ideas_detail_view    the idea page's view (translated, formatted) and safe parsing of its query parameter
ideas_submit_view  the submit page's views and its one action (save, attach, file)
mine         "my initiatives": my files with their decisions, ready to show
receipts     the receipt (phiếu tiếp nhận) as an official DOCX
attachments  files checked by content
browse       filters, accent-insensitive search, pagination in SQL, the browse page's views
similar      similar ideas (novelty check) through an inverted index
social       supports and comments
replication  other units applying an idea (nhân rộng)
followthrough       after recognition: implementation plan, progress, 6/12-month results, daily reminders
ideas_followup_view  the follow-through page's read model (choices, one idea's plan and results)
"""
