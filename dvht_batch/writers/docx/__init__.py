"""Official Word documents (Nghị định 30/2020/NĐ-CP layout): the unit's BÁO CÁO, one report per
department, the year's KẾ HOẠCH, and their PDF through LibreOffice.

Every document is filled into a prepared base package built once per process by our own code
(template.py) and written through `dvht_batch.writers.atomic.atomic_write`.
"""
from dvht_batch.writers.docx.bao_cao import write_unit_report
from dvht_batch.writers.docx.department_report import write_department_report
from dvht_batch.writers.docx.ke_hoach import write_plan
from dvht_batch.writers.docx.pdf import convert_beside, convert_to_pdf, find_soffice

__all__ = ["write_unit_report", "write_department_report", "write_plan", "convert_beside", "convert_to_pdf", "find_soffice"]
