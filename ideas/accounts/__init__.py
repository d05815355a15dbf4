"""Accounts: people, units and signing in. Depends on core.

Modules:
users          accounts, passwords (argon2 via passlib), lockout, sessions, roles, directory
units          the unit tree with materialised paths
imports        bulk import of units and staff from CSV/XLSX, all or nothing
sso            optional OIDC sign-in mapped by verified e-mail
inbox          in-app notifications stored as locale keys
personal_data  everything held about one person, as JSON
"""
