"""The whole schema as typed SQLAlchemy 2 models, one module per area; Alembic (migrations/) owns the tables.

Modules:
base          Base, naming convention, utcnow
organisation  units, users, roles, sessions, settings, audit, PAR fields
filing        rubrics, campaigns, ideas and everything hanging off an idea
review        councils, scores, votes, decisions, certificates, notifications
rewards       rules, award forms, ratings, award lists, commitments
mail          e-mail outbox and each person's e-mail preferences
papers        issued papers (signed PDFs and their SHA-256)

Everything is re-exported here so that every mapper is registered on import.
"""
from ideas.core.models.api import (  # noqa: F401
    ApiCall,
    ApiToken,
    WebhookDelivery,
    WebhookSubscription,
)
from ideas.core.models.base import (  # noqa: F401
    NAMING,
    Base,
    created_at_column,
    utcnow,
)
from ideas.core.models.filing import (  # noqa: F401
    Attachment,
    Campaign,
    Comment,
    CouncilRule,
    Idea,
    IdeaAuthor,
    IdeaAuthorDecline,
    IdeaHistory,
    IdeaParField,
    IdeaTerm,
    IdeaTermStat,
    ReceiptCounter,
    Replication,
    Rubric,
    RubricCriterion,
    Support,
)
from ideas.core.models.followthrough import (  # noqa: F401
    FollowMeasurement,
    FollowMilestone,
    FollowReminder,
    FollowUpdate,
)
from ideas.core.models.mail import (  # noqa: F401
    MailOutbox,
    UserMailPref,
)
from ideas.core.models.organisation import (  # noqa: F401
    AuditHead,
    AuditLog,
    AuthSession,
    DeviceCookie,
    ParField,
    RateCounter,
    RoleAssignment,
    Setting,
    Unit,
    UnitEvent,
    UnitEventLink,
    UnitMembership,
    User,
)
from ideas.core.models.papers import IssuedPaper  # noqa: F401
from ideas.core.models.review import (  # noqa: F401
    Certificate,
    Conflict,
    Council,
    CouncilMember,
    CouncilVote,
    Counter,
    Decision,
    Notification,
    ReviewAssignment,
    ScoreItem,
    ScoreSheet,
)
from ideas.core.models.rewards import (  # noqa: F401
    AwardForm,
    AwardItem,
    AwardList,
    AwardListHistory,
    RuleValue,
    StaffYearRating,
    UnitCommitment,
)
