"""The reward-rules administration page's view (no Streamlit): values and catalogue in Vietnamese, names not codes."""
from ideas.core.permissions import SYSTEM
from ideas.rewards import admin_rules_view


def test_rules_view_reads_in_vietnamese(session):
    view = admin_rules_view.overview(session=session, actor=SYSTEM)
    assert view.current["base_salary"] == "2.340.000"
    assert set(view.catalogue.kind) <= {"Danh hiệu thi đua", "Hình thức khen thưởng"}
    assert "provincial" not in set(view.catalogue.level) and "Cấp tỉnh" in set(view.catalogue.level)
    assert "0,3" in set(view.catalogue.coefficient)
    assert "GIAY_KHEN" not in " ".join(view.form_labels.values()) and view.code_names["GIAY_KHEN"] == "Giấy khen"
