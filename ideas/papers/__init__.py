"""Papers: what makes an official paper checkable. Depends on core, accounts and filing; used by review and rewards.

Modules:
verification  verification codes and their QR block on a DOCX (certificates, award decisions), the public lookup
              of a code or of a PDF file (throttled per client), the public registry of recognised initiatives
signing       PAdES signing (PKCS#12 file or PKCS#11 token), the certificate checked before signing, time-stamps,
              and the validation of a PDF's signatures
issued        the issued-paper registry: issue() signs a PDF (or makes an unsigned draft) and keeps bytes and SHA-256
paper         the one model of a Decree 30/2020 Appendix I paper that every builder returns
pdf_render    a Paper as PDF (reportlab; fonts embedded: Times New Roman where installed, else the shipped
              Liberation Serif in fonts/); docx_render: the same Paper as editable DOCX
identity      the organisation's identity (issuing bodies, place, symbols, signers, public address) as data,
              required before anything is issued
receipts      the receipt of a filed initiative (here because filing sits below papers)

Page views: admin_settings_view  every setting with its label, kind and value, and the identity on papers
"""
