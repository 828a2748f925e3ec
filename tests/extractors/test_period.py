"""The service period (extractors/period.py) over fragments written in the
forms real contracts use, through the real normaliser and segmenter. One
row per form, grouped by phenomenon; positive and negative rows."""

from __future__ import annotations

import datetime as dt

import pytest

from hetong.extractors.period import date_text, find_service_period
from hetong.models import Document
from hetong.pipeline.text import normalise, segment


def doc_of(fragment: str) -> Document:
    doc = Document(source="t.txt", sha256="x", media_type="text/plain", raw_text=fragment)
    return segment.run(normalise.run(doc))


def period_of(fragment: str) -> tuple[dt.date | None, dt.date | None]:
    found = find_service_period(doc_of(fragment))
    return found[0][0] if found else (None, None)


D = dt.date

# -- labels of a lease, a development, a course ----------------------------------

LABEL_CASES = [
    pytest.param("第二条 租赁期限\n1. 租赁期限自2024年8月1日起至2025年7月31日止，共计12个月。\n",
                 (D(2024, 8, 1), D(2025, 7, 31)), "label_range", id="lease-term"),
    pytest.param("租期：2024年1月1日至2024年12月31日。\n", (D(2024, 1, 1), D(2024, 12, 31)), "label_range",
                 id="short-lease-label"),
    pytest.param("开发周期：2024年3月1日至2024年8月31日，乙方按里程碑交付。\n",
                 (D(2024, 3, 1), D(2024, 8, 31)), "label_range", id="development-period"),
    pytest.param("本协议有效期为2019年2月11日至2020年2月11日。\n", (D(2019, 2, 11), D(2020, 2, 11)), "label_range",
                 id="validity"),
    pytest.param("双方于2024年3月5日至2024年3月9日进行了三轮磋商。\n", (D(2024, 3, 5), D(2024, 3, 9)), "bare_range",
                 id="unlabelled-range-ranks-last"),
]


@pytest.mark.parametrize(("fragment", "expected", "rule"), LABEL_CASES)
def test_period_labels(fragment, expected, rule):
    found = find_service_period(doc_of(fragment))
    assert found[0][0] == expected
    assert found[0][3] == f"contract.service_period.{rule}"


# -- a filled-in form: figures in blanks or brackets --------------------------------

FORM_CASES = [
    pytest.param("1. 租赁期限自_2024_年07月_30_日至_2025_年_06_月_30_日止，共计_11_月。\n",
                 (D(2024, 7, 30), D(2025, 6, 30)), id="underscore-blanks"),
    pytest.param("租赁期限：自【2025】年【7】月【1】日起至【2030】年【6】月【30】日止。\n",
                 (D(2025, 7, 1), D(2030, 6, 30)), id="bracketed-figures"),
    pytest.param("租赁期限自____年__月__日至____年__月__日止。\n", (None, None), id="blank-form"),
]


@pytest.mark.parametrize(("fragment", "expected"), FORM_CASES)
def test_filled_in_forms(fragment, expected):
    assert period_of(fragment) == expected


@pytest.mark.parametrize(("written", "read"), [
    ("_2024_年07月_30_日", "2024年07月30日"),
    ("【2025】年【6】月【30】日", "2025年6月30日"),
    ("2025 年 6 月 30 日", "2025 年 6 月 30 日"),
])
def test_date_text(written, read):
    assert date_text(written) == read


# -- dates of the Republic of China era ----------------------------------------------

ROC_CASES = [
    pytest.param("第三条 训练期间：自中华民国113年3月2日至113年4月27日止。\n",
                 (D(2024, 3, 2), D(2024, 4, 27)), id="era-on-the-start"),
    pytest.param("训练期间：自民国一一三年三月二日至一一三年四月二十七日止。\n",
                 (D(2024, 3, 2), D(2024, 4, 27)), id="era-chinese-numerals"),
    pytest.param("训练期间：自中华民国112年12月2日至113年1月27日止。\n",
                 (D(2023, 12, 2), D(2024, 1, 27)), id="across-a-year"),
    pytest.param("训练期间：自113年3月2日至113年4月27日止。\n", (None, None), id="era-not-written"),
]


@pytest.mark.parametrize(("fragment", "expected"), ROC_CASES)
def test_roc_dates(fragment, expected):
    assert period_of(fragment) == expected


@pytest.mark.parametrize(("text", "start", "end"), [
    ("服务期限：2024-01-01 00:00至2024-12-31 23:59", "2024-01-01", "2024-12-31"),
    ("服务期限自2024年1月1日0时起至2024年12月31日24时止", "2024-01-01", "2024-12-31"),
    ("租赁期限：2024.07.30 12:00:00 到 2025.06.30", "2024-07-30", "2025-06-30"),
])
def test_a_time_after_a_date_belongs_to_it(text: str, start: str, end: str) -> None:
    from hetong.pipeline.orchestrate import process_bytes

    contract = ("运维服务合同\n甲方：某某市大数据局\n乙方：某某科技有限公司\n第一条 " + text + "。\n"
                "第二条 甲方应按约定付款，乙方应履行义务，承担违约责任。\n第三条 合同总价100000元。\n甲方（盖章）：\n乙方（盖章）：\n")
    doc = process_bytes(contract.encode(), "x.txt")
    assert (str(doc.contract.service_start), str(doc.contract.service_end)) == (start, end)


def test_spaces_after_a_date_are_scanned_in_linear_time() -> None:
    import time

    from hetong.extractors.period import _RANGE

    def seconds(n: int) -> float:
        text = "2024年1月1日" + " " * n + "x"
        t0 = time.perf_counter()
        list(_RANGE.finditer(text))
        return time.perf_counter() - t0

    small, large = seconds(2_000), seconds(40_000)
    assert large < max(0.5, 60 * small)  # 20× the input: linear is ~20×, quadratic ~400×
