"""Demo ideas: two campaigns (2025 closed, 2026 open) and initiatives in every state, with history.

Statuses move only through lifecycle.transition (so the timeline exists); the history rows are then
back-dated to the simulated dates. Supports, comments and replications are inserted as plain rows.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core.clock import add_months
from ideas.core.models import (
    Campaign,
    Certificate,
    Comment,
    Decision,
    Idea,
    IdeaAuthor,
    IdeaParField,
    Replication,
    Rubric,
    Support,
    Unit,
    User,
)
from ideas.filing import lifecycle
from ideas.filing.submissions import next_receipt_seq, receipt_number, refresh_search_text

SEED = 2033

# (title, PAR codes, theme) - theme picks the descriptive texts below
TITLES: list[tuple[str, tuple[str, ...], str]] = [
    ("Số hoá hồ sơ một cửa cấp xã", ("PAR3", "PAR7"), "digital"),
    ("Cắt giảm 30% báo cáo định kỳ của phòng Tài chính", ("PAR6", "PAR1"), "reports"),
    ("Ứng dụng chữ ký số trong văn bản đi", ("PAR7",), "digital"),
    ("Phần mềm theo dõi nhiệm vụ UBND tỉnh giao", ("PAR1", "PAR7"), "tracking"),
    ("Tra cứu tình trạng hồ sơ bằng mã QR trên giấy biên nhận", ("PAR3", "PAR7"), "digital"),
    ("Chuẩn hoá quy trình nội bộ giải quyết thủ tục đăng ký hộ tịch", ("PAR3",), "procedure"),
    ("Hẹn giờ trả kết quả qua tin nhắn Zalo cho người dân", ("PAR3", "PAR8"), "citizen"),
    ("Họp trực tuyến thay họp giao ban tập trung hằng tuần", ("PAR1", "PAR7"), "meetings"),
    ("Mẫu hoá tờ khai thủ tục chứng thực bản sao", ("PAR3",), "procedure"),
    ("Tổ công nghệ số cộng đồng hỗ trợ nộp hồ sơ trực tuyến", ("PAR7", "PAR8"), "citizen"),
    ("Rút ngắn thời gian cấp giấy phép xây dựng nhà ở riêng lẻ", ("PAR3",), "procedure"),
    ("Lưu trữ hồ sơ địa chính điện tử cấp xã", ("PAR7",), "digital"),
    ("Bộ chỉ số đánh giá mức độ hài lòng tại bộ phận một cửa", ("PAR8", "PAR1"), "citizen"),
    ("Khoán chi văn phòng phẩm theo định mức cho các phòng", ("PAR6",), "finance"),
    ("Thanh toán không dùng tiền mặt phí, lệ phí tại bộ phận một cửa", ("PAR6", "PAR7"), "finance"),
    ("Gộp báo cáo thống kê trùng lặp giữa các sở", ("PAR1", "PAR2"), "reports"),
    ("Rà soát, bãi bỏ văn bản quy phạm pháp luật hết hiệu lực", ("PAR2",), "legal"),
    ("Sổ tay hướng dẫn thủ tục đất đai cho người dân", ("PAR3", "PAR8"), "citizen"),
    ("Phân công công chức theo vị trí việc làm bằng bảng ma trận", ("PAR4", "PAR5"), "staffing"),
    ("Đánh giá công chức hằng tháng trên phần mềm", ("PAR5", "PAR7"), "staffing"),
    ("Chuyển 12 thủ tục cấp huyện sang dịch vụ công toàn trình", ("PAR3", "PAR7"), "digital"),
    ("Kiosk tra cứu thủ tục hành chính tại sảnh UBND huyện", ("PAR7", "PAR8"), "citizen"),
    ("Kho dữ liệu dùng chung về hộ kinh doanh cá thể", ("PAR7",), "digital"),
    ("Quy trình luân chuyển hồ sơ liên thông giữa xã và huyện", ("PAR3", "PAR4"), "procedure"),
    ("Số hoá sổ hộ tịch giai đoạn 1990–2015", ("PAR7", "PAR3"), "digital"),
    ("Bảng điện tử công khai tiến độ giải quyết hồ sơ", ("PAR8", "PAR7"), "citizen"),
    ("Biểu mẫu điện tử báo cáo công tác cải cách hành chính quý", ("PAR1", "PAR7"), "reports"),
    ("Tiết kiệm điện trụ sở bằng lịch tắt thiết bị tự động", ("PAR6",), "finance"),
    ("Chuẩn hoá danh mục hồ sơ lưu trữ cơ quan", ("PAR4",), "procedure"),
    ("Giao ban điện tử với trưởng thôn qua nhóm trực tuyến", ("PAR1", "PAR7"), "meetings"),
    ("Tự động nhắc hạn xử lý văn bản đến trên hệ thống quản lý văn bản", ("PAR7", "PAR1"), "tracking"),
    ("Một đầu mối tiếp nhận phản ánh, kiến nghị của doanh nghiệp", ("PAR3", "PAR8"), "citizen"),
    ("Giảm thành phần hồ sơ đăng ký kinh doanh hộ cá thể", ("PAR3", "PAR2"), "procedure"),
    ("Sổ theo dõi tài sản công bằng bảng tính dùng chung", ("PAR6", "PAR7"), "finance"),
    ("Tập huấn kỹ năng số cho công chức cấp xã theo hình thức kèm cặp", ("PAR5",), "staffing"),
    ("Chữ ký số cá nhân cho lãnh đạo thôn, tổ dân phố", ("PAR7",), "digital"),
    ("Quy chế phối hợp xử lý hồ sơ đất đai quá hạn", ("PAR3", "PAR2"), "legal"),
    ("Hộp thư điện tử góp ý cải cách hành chính của cán bộ", ("PAR1", "PAR5"), "meetings"),
    ("Tiếp nhận hồ sơ ngoài giờ hành chính vào sáng thứ Bảy", ("PAR3", "PAR8"), "citizen"),
    ("Rút gọn quy trình cấp phiếu lý lịch tư pháp", ("PAR3",), "procedure"),
    ("Bản đồ số điểm tiếp nhận hồ sơ công ích trên địa bàn", ("PAR7", "PAR8"), "digital"),
    ("Định mức thời gian cho từng bước xử lý hồ sơ tại phòng chuyên môn", ("PAR3", "PAR4"), "tracking"),
    ("Thư viện văn bản mẫu dùng chung cho các xã", ("PAR2", "PAR7"), "legal"),
    ("Tổng hợp báo cáo tự động từ phần mềm một cửa", ("PAR1", "PAR7"), "reports"),
    ("Công khai dự toán ngân sách xã trên cổng thông tin", ("PAR6", "PAR8"), "finance"),
]

THEMES: dict[str, dict[str, str]] = {
    "digital": {
        "field": "Tiếp nhận, xử lý và lưu trữ hồ sơ hành chính",
        "problem": "Hồ sơ giấy lưu ở nhiều nơi, tra cứu mất thời gian, dễ thất lạc khi luân chuyển.",
        "situation": "Mỗi ngày bộ phận tiếp nhận khoảng 40 hồ sơ; tra cứu một hồ sơ cũ mất 15–20 phút.",
        "essence": "Quét và gắn mã hồ sơ ngay khi tiếp nhận, lưu trên hệ thống một cửa điện tử; phân quyền tra "
                   "cứu theo vị trí việc làm; trả kết quả điện tử có chữ ký số.",
        "conditions": "Máy quét, tài khoản hệ thống một cửa điện tử, chữ ký số chuyên dùng.",
        "benefits": "Giảm thời gian tra cứu, không thất lạc hồ sơ, người dân theo dõi được tiến độ.",
    },
    "reports": {
        "field": "Chế độ báo cáo định kỳ",
        "problem": "Nhiều báo cáo trùng nội dung, cùng số liệu phải nhập lại nhiều lần.",
        "situation": "Đơn vị thực hiện 46 báo cáo định kỳ mỗi năm, nhiều chỉ tiêu trùng lặp.",
        "essence": "Rà soát danh mục báo cáo, gộp các báo cáo trùng chỉ tiêu, lập biểu mẫu điện tử dùng chung "
                   "và tổng hợp tự động từ dữ liệu phần mềm.",
        "conditions": "Sự thống nhất của cơ quan nhận báo cáo; biểu mẫu điện tử dùng chung.",
        "benefits": "Cắt giảm báo cáo định kỳ, tiết kiệm giờ công tổng hợp số liệu.",
    },
    "tracking": {
        "field": "Chỉ đạo, điều hành và theo dõi nhiệm vụ",
        "problem": "Khó theo dõi tiến độ nhiệm vụ được giao, nhiều nhiệm vụ quá hạn không được nhắc.",
        "situation": "Tỷ lệ nhiệm vụ quá hạn năm trước khoảng 12%.",
        "essence": "Theo dõi nhiệm vụ trên phần mềm, tự động nhắc trước hạn 3 ngày, công khai tiến độ theo đơn vị.",
        "conditions": "Phần mềm quản lý văn bản có chức năng giao việc; quy chế sử dụng.",
        "benefits": "Giảm nhiệm vụ quá hạn, lãnh đạo nắm tiến độ theo thời gian thực.",
    },
    "procedure": {
        "field": "Giải quyết thủ tục hành chính",
        "problem": "Quy trình nội bộ nhiều bước, thời gian giải quyết kéo dài hơn quy định.",
        "situation": "Thời gian giải quyết trung bình vượt 2 ngày so với thời hạn công bố.",
        "essence": "Chuẩn hoá quy trình nội bộ, bỏ bước trung gian, giao một đầu mối chịu trách nhiệm, "
                   "định mức thời gian cho từng bước.",
        "conditions": "Quyết định phê duyệt quy trình nội bộ; phân công rõ trách nhiệm.",
        "benefits": "Rút ngắn thời gian giải quyết, giảm hồ sơ trễ hạn.",
    },
    "citizen": {
        "field": "Phục vụ người dân, doanh nghiệp",
        "problem": "Người dân phải đi lại nhiều lần để hỏi thông tin và theo dõi hồ sơ.",
        "situation": "Khảo sát cho thấy 35% người dân phải đến bộ phận một cửa từ 2 lần trở lên.",
        "essence": "Cung cấp thông tin và thông báo tiến độ qua kênh số quen thuộc với người dân; tổ hỗ trợ "
                   "hướng dẫn trực tiếp tại thôn, tổ dân phố.",
        "conditions": "Tài khoản kênh thông tin chính thức của đơn vị; cán bộ phụ trách.",
        "benefits": "Người dân đi lại ít hơn, mức độ hài lòng tăng.",
    },
    "meetings": {
        "field": "Tổ chức hội họp và trao đổi thông tin nội bộ",
        "problem": "Họp nhiều, tốn thời gian đi lại của cán bộ cơ sở.",
        "situation": "Mỗi tháng có 6–8 cuộc họp tập trung tại huyện.",
        "essence": "Chuyển các cuộc họp giao ban định kỳ sang hình thức trực tuyến, gửi tài liệu điện tử trước.",
        "conditions": "Đường truyền, phòng họp trực tuyến tại xã.",
        "benefits": "Giảm thời gian đi lại và chi phí tổ chức họp.",
    },
    "finance": {
        "field": "Quản lý tài chính công",
        "problem": "Chi thường xuyên chưa tiết kiệm, khó kiểm soát định mức.",
        "situation": "Chi văn phòng phẩm và điện năng tăng 10% mỗi năm.",
        "essence": "Khoán định mức, công khai mức sử dụng của từng phòng, thanh toán không dùng tiền mặt.",
        "conditions": "Quy chế chi tiêu nội bộ được sửa đổi.",
        "benefits": "Tiết kiệm chi thường xuyên, minh bạch tài chính.",
    },
    "legal": {
        "field": "Xây dựng và rà soát văn bản",
        "problem": "Văn bản hết hiệu lực chưa được bãi bỏ kịp thời, gây lúng túng khi áp dụng.",
        "situation": "Còn hàng chục văn bản hết hiệu lực chưa được công bố.",
        "essence": "Lập danh mục văn bản theo lĩnh vực, phân công rà soát định kỳ, dùng mẫu văn bản chung.",
        "conditions": "Cơ sở dữ liệu văn bản của đơn vị.",
        "benefits": "Hệ thống văn bản gọn, thống nhất, dễ tra cứu.",
    },
    "staffing": {
        "field": "Quản lý, đánh giá cán bộ, công chức",
        "problem": "Đánh giá công chức còn hình thức, thiếu căn cứ định lượng.",
        "situation": "Đánh giá cuối năm dựa chủ yếu vào tự nhận xét.",
        "essence": "Đánh giá hằng tháng theo sản phẩm công việc trên phần mềm, gắn với vị trí việc làm.",
        "conditions": "Danh mục vị trí việc làm; phần mềm đánh giá.",
        "benefits": "Đánh giá khách quan hơn, làm căn cứ thi đua khen thưởng.",
    },
}

COMMENTS = [
    "Ý tưởng rất thiết thực, đơn vị tôi cũng đang gặp vấn đề này.",
    "Đề nghị tác giả bổ sung số liệu trước và sau khi áp dụng.",
    "Có thể nhân rộng cho các xã lân cận.",
    "Cần lưu ý bảo mật dữ liệu cá nhân của người dân.",
    "Chi phí triển khai có cao không? Mong tác giả chia sẻ thêm.",
    "Phòng tôi đã áp dụng thử, thời gian xử lý giảm rõ rệt.",
]

# (campaign year, status, how many)
PLAN: list[tuple[int, str, int]] = [
    (2025, "recognised", 12), (2025, "not_recognised", 6), (2025, "withdrawn", 2), (2025, "returned", 2),
    (2026, "draft", 8), (2026, "submitted", 16), (2026, "returned", 5), (2026, "under_review", 6),
    (2026, "withdrawn", 3), (2026, "recognised", 3), (2026, "not_recognised", 2), (2026, "merged", 2),
]
PATHS = {
    "draft": [], "submitted": ["submitted"], "returned": ["submitted", "returned"],
    "under_review": ["submitted", "under_review"],
    "recognised": ["submitted", "under_review", "recognised"],
    "not_recognised": ["submitted", "under_review", "not_recognised"],
    "withdrawn": ["submitted", "withdrawn"],
    "merged": ["submitted", "merged"],
}
RETURN_REASONS = [
    "Chưa có số liệu đánh giá hiệu quả sau khi áp dụng thử; đề nghị bổ sung.",
    "Thiếu xác nhận của đơn vị áp dụng thử.",
    "Tỷ lệ đóng góp của đồng tác giả chưa có chữ ký xác nhận.",
]
REFUSAL_REASONS = [
    "Giải pháp đã được áp dụng rộng rãi tại đơn vị trước thời điểm nộp đơn, không đảm bảo tính mới.",
    "Chưa chứng minh được hiệu quả thực tế.",
]


def _pick_authors(rng: random.Random, owner: User, by_unit: dict[int, list[User]]) -> list[tuple[User, Decimal]]:
    colleagues = [u for u in by_unit.get(owner.unit_id, []) if u.id != owner.id] or \
        [u for members in by_unit.values() for u in members if u.id != owner.id][:50]
    count = rng.choices([0, 1, 2], weights=[5, 3, 2])[0]
    others = rng.sample(colleagues, min(count, len(colleagues)))
    shares = {0: [100], 1: [60, 40], 2: [50, 30, 20]}[len(others)]
    return [(person, Decimal(share)) for person, share in zip([owner, *others], shares, strict=True)]


def _certificate_number(session: Session, year: int, fallback: int) -> str:
    try:
        from ideas.review.decisions import next_number
    except ImportError:
        return f"GCN-{year}-D{fallback:03d}"
    return f"GCN-{year}-{next_number(session, 'certificate', year):04d}"


def seed(*, session: Session, context: dict) -> None:
    """Campaigns 2025 (closed) and 2026 (open) and ~80 ideas in every state across the units."""
    rng = random.Random(SEED)
    by_role = context.get("users_by_role") or {}
    staff = [u for u in (context.get("staff") or session.scalars(select(User).order_by(User.id)).all()) if u.unit_id]
    if not staff:
        return
    council = {u.id for role in ("chair", "secretary", "reviewer") for u in by_role.get(role, [])}
    authors_pool = [u for u in staff if u.id not in council] or staff
    admin = (by_role.get("admin") or [None])[0]
    secretary = (by_role.get("secretary") or [admin])[0]
    chair = (by_role.get("chair") or [admin])[0]
    featured = (context.get("logins") or {}).get("demo.canbo")
    rubric_id = session.scalar(select(Rubric.id).order_by(Rubric.id).limit(1))
    units = context.get("units") or list(session.scalars(select(Unit)))

    campaigns = {
        2025: Campaign(name="Đợt sáng kiến cải cách hành chính năm 2025", year=2025, unit_id=None,
                       opens_on=dt.date(2025, 2, 1), closes_on=dt.date(2025, 9, 30), rubric_id=rubric_id,
                       active=False, created_by=admin.id if admin else None),
        2026: Campaign(name="Đợt sáng kiến cải cách hành chính năm 2026", year=2026, unit_id=None,
                       opens_on=dt.date(2026, 1, 15), closes_on=dt.date(2026, 12, 31), rubric_id=rubric_id,
                       reviewers_per_idea=3, active=True, created_by=admin.id if admin else None),
    }
    session.add_all(campaigns.values())
    session.flush()

    by_unit: dict[int, list[User]] = {}
    for user in authors_pool:
        by_unit.setdefault(user.unit_id, []).append(user)
    slots = [(year, status) for year, status, count in PLAN for _ in range(count)]
    titles = list(TITLES)
    rng.shuffle(titles)
    ideas: list[Idea] = []
    decision_no = 40
    for index, (year, status) in enumerate(slots):
        title, par_codes, theme = titles[index % len(titles)]
        owner = rng.choice(authors_pool)
        if featured is not None and index % 9 == 0:
            owner = featured
        if index >= len(titles):
            unit_name = next((u.name for u in units if u.id == owner.unit_id), "")
            title = f"{title} tại {unit_name}" if unit_name else f"{title} (giai đoạn 2)"
        texts = THEMES[theme]
        campaign = campaigns[year]
        created = dt.datetime.combine(campaign.opens_on, dt.time(8)) + dt.timedelta(
            days=rng.randint(0, 120 if year == 2025 else 200), minutes=rng.randint(0, 540))
        first_applied = created.date() - dt.timedelta(days=rng.randint(20, 200))
        idea = Idea(
            campaign_id=campaign.id, unit_id=owner.unit_id, owner_id=owner.id, title=title,
            addressee="Hội đồng sáng kiến tỉnh An Hòa",
            solution_type=rng.choice(["management", "operational", "operational", "technology_application",
                                      "technical"]),
            field_of_application=texts["field"], problem=texts["problem"], current_situation=texts["situation"],
            essence=texts["essence"], conditions=texts["conditions"], first_applied_on=first_applied,
            application_status=rng.choice(["trial", "applied", "applied"]),
            confidential_info="Danh sách tài khoản thử nghiệm và cấu hình máy chủ (không công khai)."
            if rng.random() < 0.3 else None,
            trial_participants="Công chức bộ phận một cửa và phòng chuyên môn.",
            benefits_text=texts["benefits"], trial_assessment="Đơn vị áp dụng thử đánh giá đạt yêu cầu.",
            hours_saved=Decimal(rng.choice([40, 80, 120, 240, 360, 520, 800])),
            vnd_saved=rng.choice([0, 2_000_000, 5_000_000, 12_000_000, 25_000_000, 60_000_000]),
            reports_cut=rng.choice([0, 0, 1, 2, 4, 6]) if theme == "reports" else rng.choice([0, 0, 0, 1]),
            procedures_simplified=rng.choice([0, 1, 2, 3]) if theme in ("procedure", "citizen") else 0,
            services_online=rng.choice([0, 1, 3, 5, 12]) if theme == "digital" else 0,
            days_cut=Decimal(rng.choice([0, 0.5, 1, 2, 3, 5])),
            status="draft", created_at=created,
        )
        refresh_search_text(idea)
        for position, (person, share) in enumerate(_pick_authors(rng, owner, by_unit)):
            idea.authors.append(IdeaAuthor(user_id=person.id, share=share, position=position))
        session.add(idea)
        session.flush()
        session.add_all(IdeaParField(idea_id=idea.id, par_code=code) for code in par_codes)

        moment = created + dt.timedelta(days=rng.randint(1, 10))
        for to in PATHS[status]:
            actor, reason = secretary, None
            if to == "submitted":
                actor = owner
                seq = next_receipt_seq(session, moment.year)
                idea.receipt_year, idea.receipt_seq = moment.year, seq
                idea.receipt_no, idea.submitted_at = receipt_number(moment.year, seq), moment
                idea.decision_due_on = add_months(moment.date(), 3)
            elif to == "returned":
                reason = rng.choice(RETURN_REASONS)
            elif to == "under_review":
                idea.accepted_at = moment
            elif to == "withdrawn":
                actor, reason = owner, "Tác giả xin rút để hoàn thiện thêm giải pháp."
            elif to == "merged":  # a duplicate of a file under review in the same campaign
                kept = next(i for i in ideas if i.campaign_id == campaign.id and i.status == "under_review")
                idea.merged_into_id, idea.merged_at = kept.id, moment
                reason = f"Trùng nội dung với hồ sơ {kept.receipt_no}; gộp để xét chung."
            elif to in ("recognised", "not_recognised"):
                actor = chair
                reason = rng.choice(REFUSAL_REASONS) if to == "not_recognised" else None
            entry = lifecycle.transition(session=session, idea=idea, to=to, actor=actor, reason=reason,
                                         stage="screened" if to == "under_review" else None)
            entry.at = moment
            moment += dt.timedelta(days=rng.randint(5, 40))
        if status in ("recognised", "not_recognised"):
            decided_on = min(moment.date(), idea.decision_due_on)
            idea.decided_at = dt.datetime.combine(decided_on, dt.time(15))
            mean = Decimal(rng.randint(62, 88) if status == "recognised" else rng.randint(30, 48))
            decision_no += 1
            refusal = None if status == "recognised" else lifecycle.history(session, idea.id)[-1].reason
            decision = Decision(idea_id=idea.id, unit_id=idea.unit_id, campaign_id=campaign.id,
                                number=f"{decision_no}/QĐ-UBND",
                                decided_on=decided_on, outcome=status, scope="unit", reason=refusal,
                                members_total=7, members_present=7, votes_for=7 if status == "recognised" else 2,
                                votes_against=0 if status == "recognised" else 5, mean_score=mean,
                                rule_snapshot=json.dumps({}), recorded_by=chair.id if chair else None)
            session.add(decision)
            session.flush()
            if status == "recognised":
                idea.scope = "unit"
                session.add(Certificate(decision_id=decision.id, number=_certificate_number(session, decided_on.year,
                                                                                            decision_no),
                                        issued_on=decided_on))
        ideas.append(idea)
    session.flush()
    _social(session, rng, ideas, staff, units)
    try:
        from ideas.filing import similar
    except ImportError:
        similar = None
    if similar is not None:
        similar.reindex_all(session)
    context["campaigns"] = [campaigns[2025], campaigns[2026]]
    context["ideas"] = ideas


def _social(session: Session, rng: random.Random, ideas: list[Idea], staff: list[User], units: list) -> None:
    """Supports, comments and replications (plain rows; the services belong to browsing)."""
    public = [i for i in ideas if i.status not in ("draft", "withdrawn", "merged")]
    for idea in public:
        author_ids = {a.user_id for a in idea.authors}
        fans = rng.sample([u for u in staff if u.id not in author_ids], min(len(staff) - len(author_ids),
                                                                             rng.choice([0, 1, 2, 4, 7, 12, 18])))
        session.add_all(Support(idea_id=idea.id, user_id=u.id, created_at=idea.submitted_at
                                + dt.timedelta(days=rng.randint(1, 30))) for u in fans)
        idea.support_count = len(fans)
        if rng.random() < 0.3:
            count = rng.randint(1, 3)
            for body in rng.sample(COMMENTS, count):
                session.add(Comment(idea_id=idea.id, author_id=rng.choice(staff).id, body=body,
                                    created_at=idea.submitted_at + dt.timedelta(days=rng.randint(1, 20))))
            idea.comment_count = count
    recognised = [i for i in ideas if i.status == "recognised"]
    for idea in recognised[:8]:
        others = [u for u in units if u.id != idea.unit_id and u.kind in ("commune", "district", "department")]
        for unit in rng.sample(others, min(len(others), rng.randint(1, 3))):
            session.add(Replication(
                idea_id=idea.id, unit_id=unit.id,
                applied_on=(idea.decided_at or idea.submitted_at).date() + dt.timedelta(days=rng.randint(10, 120)),
                benefit="Giảm thời gian xử lý hồ sơ, người dân đi lại ít hơn.",
                hours_saved=Decimal(rng.choice([20, 60, 150])), vnd_saved=rng.choice([0, 3_000_000, 8_000_000]),
                note="Áp dụng theo hướng dẫn của tác giả.", recorded_by=idea.owner_id))
    session.flush()
