"""Papers: what makes an official paper checkable. Depends on core, accounts and filing; used by review and rewards.

Modules:
verification  verification codes and their QR block on a DOCX (certificates, award decisions), the public lookup
              of a code or of a PDF file (throttled per client), the public registry of recognised initiatives
signing       PAdES signing (PKCS#12 file or PKCS#11 token), the certificate checked before signing, time-stamps,
              and the validation of a PDF's signatures
issued        the issued-paper registry: issue() signs a PDF (or makes an unsigned draft) and keeps bytes and SHA-256
"""
