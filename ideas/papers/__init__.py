"""Papers: what makes an official paper checkable. Depends on core, accounts and filing; used by review and rewards.

Modules:
verification  verification codes and their QR block on a DOCX (certificates, award decisions), the public lookup
              of a code (throttled per client), the public registry of recognised initiatives
"""
