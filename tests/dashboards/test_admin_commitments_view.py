"""The commitments page's view (no Streamlit): the editor's rows, what to save, progress in Vietnamese."""
import pytest

from ideas.core.errors import PermissionDenied
from ideas.dashboards import admin_commitments_view as view_of
from ideas.dashboards import commitments
from tests.support.factories.dashboards import TODAY, build_province


@pytest.fixture
def province(session):
    return build_province(session)


def test_targets_indent_units_and_only_edited_or_committed_rows_are_saved(session, province):
    admin = province.users["admin"]
    commitments.save_commitment(session=session, actor=admin, unit_id=province.units["A"].id, year=2026, min_ideas=4)
    targets = view_of.targets(session=session, actor=admin, lang="vi", year=2026)
    assert list(targets.table.columns) == ["unit_id", "name", *commitments.FIELDS, "committed"]
    assert any(name.startswith("\u2003") for name in targets.table.name)  # children indented under their parent
    assert view_of.changed_rows(targets.original, targets.table) == [
        row for row in targets.table.to_dict("records") if row["committed"]]
    edited = targets.table.copy()
    edited.loc[edited.unit_id == province.units["D"].id, "min_ideas"] = 12
    saved = {row["unit_id"] for row in view_of.changed_rows(targets.original, edited)}
    assert saved == {province.units["A"].id, province.units["D"].id}
    with pytest.raises(PermissionDenied):
        view_of.targets(session=session, actor=province.users["leader"], lang="vi", year=2026)


def test_progress_reads_in_vietnamese(session, province):
    admin = province.users["admin"]
    assert view_of.progress(session=session, actor=admin, lang="vi", year=2026, today=TODAY).empty
    commitments.save_commitment(session=session, actor=admin, unit_id=province.units["D"].id, year=2026,
                                min_ideas=12, participation_target_pct=10, reports_baseline=5)
    table = view_of.progress(session=session, actor=admin, lang="vi", year=2026, today=TODAY)
    assert "unit_id" not in table.columns and "Đơn vị" in table.columns
    assert view_of.years(TODAY)[1] == TODAY.year
