"""Writes small announcement PDFs with reportlab: the project-written sample announcements in
`sources/sample/hkex/` and `sources/sample/sse/`, with the exchanges' answers that list them, and
the PDFs the tests serve. Chinese is set in reportlab's built-in CID font STSong-Light, so no
font file is needed.

    python -m ingest.sources.exchanges.samplepdf sources/sample

The wording and figures of the samples are invented by the project; they imitate the layout of a
results announcement, not any issuer's text.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
# A page is a list of blocks: a paragraph (str) or a table (rows of cells).
Block = str | Sequence[Sequence[str]]


def announcement_pdf(pages: Sequence[Sequence[Block]]) -> bytes:
    """A PDF of these pages; tables are drawn with ruling lines, as announcements print them."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    style = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15)
    flowables: list = []
    for number, blocks in enumerate(pages):
        if number:
            flowables.append(PageBreak())
        for block in blocks:
            if isinstance(block, str):
                flowables.append(Paragraph(block, style))
            else:
                table = Table([list(row) for row in block])
                table.setStyle(
                    TableStyle(
                        [
                            ("FONTNAME", (0, 0), (-1, -1), FONT),
                            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                        ]
                    )
                )
                flowables.append(table)
            flowables.append(Spacer(1, 6))
    buffer = io.BytesIO()
    # Fixed metadata: the same pages give the same bytes, so the committed sample is stable.
    document = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, title="sample announcement")
    document.build(flowables)
    return buffer.getvalue()


SAMPLE_NOTE = "Project-written sample for infratrack: invented wording and figures."

TENCENT_2025: list[list[Block]] = [
    [
        "Tencent Holdings Limited (stock code 00700)",
        "Announcement of the annual results for the year ended 31 December 2025",
        SAMPLE_NOTE,
        "Tencent reported a steady year across its businesses in 2025.",
        "At the end of 2025 Tencent operated 24.5 EFLOPS (FP8) of AI computing capacity.",
    ],
    [
        "Selected cash flow information",
        "(RMB in millions)",
        [
            ["", "Year ended 31 December 2025", "Year ended 31 December 2024"],
            ["Revenues", "702,300", "660,300"],
            ["Capital expenditure", "(85,600)", "(76,700)"],
        ],
    ],
]

CHINA_MOBILE_2025: list[list[Block]] = [
    [
        "中国移动有限公司 China Mobile Limited（股份代号 00941）",
        "截至2025年12月31日止年度业绩公告 Annual results announcement for 2025",
        SAMPLE_NOTE,
        "截至2025年底，中国移动智能算力规模达到35.2 EFLOPS（FP16）。",
    ],
    [
        "主要财务数据 Key figures",
        "（人民币百万元）",
        [
            ["项目 Item", "2025年", "2024年"],
            ["资本开支 Capital expenditure", "148,900", "164,000"],
            ["移动云收入 Mobile cloud revenue", "111,200", "100,400"],
        ],
    ],
]


SAMPLE_NOTE_ZH = "本文件为 infratrack 项目自行编写的样例，文字与数字均为虚构。"

CHINA_MOBILE_2026Q1: list[list[Block]] = [
    [
        "证券代码：600941 证券简称：中国移动",
        "中国移动有限公司 2026年第一季度报告",
        SAMPLE_NOTE_ZH,
        SAMPLE_NOTE,
        "本季度公司各项业务平稳发展，算力网络建设按计划推进。",
    ],
    [
        "一、主要财务数据",
        "（人民币百万元）",
        [
            ["项目", "2026年第一季度", "2025年第一季度"],
            ["资本开支", "29,800", "31,600"],
            ["移动云收入", "30,100", "27,900"],
        ],
    ],
]


def _record(news_id: str, code: str, name: str, title: str, when: str, link: str) -> dict:
    return {
        "FILE_INFO": "1KB",
        "NEWS_ID": news_id,
        "STOCK_NAME": name,
        "TITLE": title,
        "FILE_TYPE": "PDF",
        "DATE_TIME": when,
        "STOCK_CODE": code,
        "FILE_LINK": link,
    }


def write_sample(folder: Path) -> None:
    """The HKEX and SSE samples under `folder` (`hkex/`, `sse/`)."""
    write_hkex_sample(folder / "hkex")
    write_sse_sample(folder / "sse")


def _bulletin(title: str, when: str, path: str, kind: str) -> dict:
    return {
        "SECURITY_CODE": "600941",
        "SECURITY_NAME": "中国移动",
        "TITLE": title,
        "SSEDATE": when,
        "URL": path,
        "BULLETIN_TYPE": kind,
        "BULLETIN_HEADING": "定期报告",
        "BULLETIN_YEAR": when[:4],
    }


def write_sse_sample(folder: Path) -> None:
    """China Mobile's sample first-quarter report on SSE's PDF host (`static/`) and the bulletin
    query's answer that lists it beside a summary, which is left out (`query/`; recorded shape,
    JSONP: the mirror serves a path, whatever the query)."""
    pdf_path = "/disclosure/listedinfo/announcement/c/new/2026-04-21/600941_20260421_Q1SM.pdf"
    target = folder / "static" / pdf_path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(announcement_pdf(CHINA_MOBILE_2026Q1))
    records = [
        _bulletin("中国移动2026年第一季度报告", "2026-04-21", pdf_path, "第一季度季报"),
        _bulletin(
            "中国移动2025年年度报告摘要",
            "2026-03-19",
            "/disclosure/listedinfo/announcement/c/new/2026-03-19/600941_20260319_NBZY.pdf",
            "年报摘要",
        ),
    ]
    page = {"pageNo": 1, "pageSize": 100, "pageCount": 1, "total": len(records), "data": records}
    answer = {
        "isPagination": "true",
        "jsonCallBack": "jsonpCallback",
        "pageHelp": page,
        "result": records,
    }
    query = folder / "query" / "security" / "stock" / "queryCompanyBulletin.do"
    query.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps(answer, ensure_ascii=False, indent=1)
    query.write_text(f"jsonpCallback({body})\n", encoding="utf-8")


def write_hkex_sample(folder: Path) -> None:
    """The HKEX sample announcements, the exchange's look-up and title-search answers that list
    them (recorded shape, one file each: the mirror serves a path, whatever the query)."""
    listed = folder / "listedco" / "listconews" / "sehk"
    files: dict[str, list[list[Block]]] = {
        "2026/0318/2026031800101.pdf": TENCENT_2025,
        "2026/0319/2026031900202_c.pdf": CHINA_MOBILE_2025,
    }
    for path, pages in files.items():
        target = listed / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(announcement_pdf(pages))
    search = folder / "search"
    search.mkdir(parents=True, exist_ok=True)
    lookup = {
        "more": "0",
        "stockInfo": [
            {"stockId": 900700, "code": "00700", "name": "TENCENT"},
            {"stockId": 900941, "code": "00941", "name": "CHINA MOBILE"},
        ],
    }
    (search / "prefix.do").write_text(f"callback({json.dumps(lookup)});\n", encoding="utf-8")
    records = [
        _record(
            "900101",
            "00700",
            "TENCENT",
            "ANNUAL RESULTS ANNOUNCEMENT FOR THE YEAR ENDED 31 DECEMBER 2025",
            "18/03/2026 16:30",
            "/listedco/listconews/sehk/2026/0318/2026031800101.pdf",
        ),
        _record(
            "900100",
            "00700",
            "TENCENT",
            "DATE OF BOARD MEETING",
            "02/03/2026 17:00",
            "/listedco/listconews/sehk/2026/0302/2026030200100.pdf",
        ),
        _record(
            "900202",
            "00941",
            "CHINA MOBILE",
            "截至2025年12月31日止年度业绩公告 ANNOUNCEMENT OF ANNUAL RESULTS FOR 2025",
            "19/03/2026 12:00",
            "/listedco/listconews/sehk/2026/0319/2026031900202_c.pdf",
        ),
    ]
    answer = {
        "result": json.dumps(records, ensure_ascii=False),
        "hasNextRow": False,
        "rowRange": 200,
        "loadedRecord": len(records),
        "recordCnt": len(records),
    }
    (search / "titleSearchServlet.do").write_text(
        json.dumps(answer, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    write_sample(Path(sys.argv[1]))
