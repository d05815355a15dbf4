"""Filing: initiatives from draft to a filed, public idea. Depends on core and accounts.

Modules:
campaigns    submission windows (đợt) per year and unit subtree
submissions  the legal application form: drafts, submit with a receipt number, resubmit, withdraw
lifecycle    the one state machine of an idea, with history and audit rows
idea_view    who may see an idea, and the idea page's read model
receipts     the receipt (phiếu tiếp nhận) as an official DOCX
attachments  files checked by content
browse       filters, accent-insensitive search, pagination in SQL
similar      similar ideas (novelty check) through an inverted index
social       supports and comments
replication  other units applying an idea (nhân rộng)
"""
