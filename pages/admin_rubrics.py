"""Admin: scoring rubrics as data — view criteria and bands, create a rubric, choose a campaign's rubric."""
import pandas as pd
import streamlit as st

import ui
from ideas.core import clock
from ideas.review import rubrics

user = ui.require_user()
ui.page_header("review.rubrics.title", "review.rubrics.help")

data = ui.read(rubrics.overview, lang=ui.lang())
table, campaigns = data["rubrics"], data["campaigns"]

st.dataframe(table[["name", "effective_from", "criteria", "total_points", "legal_basis"]], hide_index=True,
             width="stretch",
             column_config={"name": ui.T("review.rubrics.name"), "effective_from": ui.T("review.rubrics.from"),
                            "criteria": ui.T("review.rubrics.criteria"), "total_points": ui.T("review.rubrics.total"),
                            "legal_basis": ui.T("review.rubrics.basis")})

names = {int(r.id): r.name for r in table.itertuples()}
if names:
    rubric_id = st.selectbox(ui.T("review.rubrics.pick"), list(names), format_func=names.get, key="rubric_pick",
                             placeholder=ui.T("core.choose_option"))
    criteria = ui.read(rubrics.criteria_of, rubric_id=rubric_id)
    label = "label_vi" if ui.lang() == "vi" else "label_en"
    for row in criteria.itertuples():
        name = row.name_vi if ui.lang() == "vi" else row.name_en
        with st.expander(f"{ui.plain(name)} — {ui.num(row.max_points)}" + (" ★" if row.is_novelty else "")):
            st.dataframe(pd.DataFrame([{"min": b["min"], "max": b["max"], "label": b.get(label, "")}
                                       for b in row.bands]), hide_index=True, width="stretch",
                         column_config={k: ui.T(f"review.rubrics.col.{k}") for k in ("min", "max", "label")})

    if campaigns:
        st.subheader(ui.T("review.rubrics.assign"))
        campaign_id = st.selectbox(ui.T("review.col.campaign"), list(campaigns), format_func=campaigns.get,
                                   key="rubric_campaign", placeholder=ui.T("core.choose_option"))
        if st.button(ui.T("review.rubrics.assign_submit"), key="rubric_assign") and ui.act(
                rubrics.set_campaign_rubric, success=ui.T("review.rubrics.saved"), campaign_id=campaign_id,
                rubric_id=rubric_id):
            st.rerun()

st.subheader(ui.T("review.rubrics.new"))
name = st.text_input(ui.T("review.rubrics.name"), key="rubric_new_name")
basis = st.text_input(ui.T("review.rubrics.basis"), key="rubric_new_basis")
since = st.date_input(ui.T("review.rubrics.from"), value=clock.today(), key="rubric_new_from",
                      format="DD/MM/YYYY")
st.caption(ui.T("review.rubrics.editor_help"))
template = pd.DataFrame([
    {"code": "novelty", "name_vi": "Tính mới, sáng tạo", "name_en": "Novelty", "max_points": 30, "is_novelty": True,
     "bands": "27-30 Hoàn toàn mới; 21-26 Cải tiến tốt; 16-20 Trung bình; 1-15 Ít; 0-0 Không mới"},
    {"code": "soundness", "name_vi": "Tính khoa học, khả thi", "name_en": "Soundness", "max_points": 20,
     "is_novelty": False, "bands": ""},
])
edited = st.data_editor(template, num_rows="dynamic", width="stretch", key="rubric_new_criteria",
                        column_config={k: ui.T(f"review.rubrics.col.{k}") for k in template.columns})
if st.button(ui.T("review.rubrics.create"), type="primary", key="rubric_create"):
    rows = [{**row, "bands": rubrics.parse_bands(row.get("bands") or "")}
            for row in edited.to_dict("records") if row.get("code")]
    if ui.act(rubrics.create_rubric, success=ui.T("review.rubrics.saved"), name=name, effective_from=since,
              legal_basis=basis, criteria=rows):
        st.rerun()
