"""Writes the .xlsx fixtures of PlatformExportTests with openpyxl (pip install openpyxl==3.1.5),
as Excel writes them: shared strings, real date cells, empty cells left out.

    python Tests/References/make_xlsx_fixtures.py
"""
import datetime
import os

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

out = os.path.join(os.path.dirname(__file__), "xlsx")
os.makedirs(out, exist_ok=True)

# A Meta Ads Manager export with a daily breakdown: dates as date cells, a campaign name with a
# comma, and a row whose last two cells (purchases, value) are empty.
meta = openpyxl.Workbook()
sheet = meta.active
sheet.title = "Raw Data Report"
sheet.append(["Reporting starts", "Reporting ends", "Campaign name", "Ad set name", "Amount spent (USD)",
              "Impressions", "Link clicks", "Purchases", "Purchases conversion value"])
day = datetime.date
sheet.append([day(2026, 11, 24), day(2026, 11, 24), "Winter Sale, EU", "Broad", 12.34, 1000, 40, 2, 60])
sheet.append([day(2026, 11, 24), day(2026, 11, 24), "Winter Sale, EU", "Lookalike", 7.66, 500, 10])
sheet.append([day(2026, 11, 25), day(2026, 11, 25), "Retargeting", "All", 0.005, 12, 1, 1, 19.99])
for row in sheet.iter_rows(min_row=2, max_col=2):
    for cell in row:
        cell.number_format = "yyyy-mm-dd"
meta.save(os.path.join(out, "Acme-Ads-Nov-2026.xlsx"))

# Contract order lines in the 1904 date system, order times as date-time cells.
orders = openpyxl.Workbook()
orders.epoch = CALENDAR_MAC_1904
sheet = orders.active
sheet.append(["order_id", "order_time", "customer_id", "sku", "quantity", "unit_price"])
sheet.append(["O1", datetime.datetime(2026, 11, 24, 10, 15, 0), "C1", "MUG-1", 2, 12.5])
sheet.append(["O2", datetime.datetime(2026, 11, 26, 23, 59, 30), "C2", "POT-1", 1, 30])
sheet.append(["O3", datetime.datetime(2026, 11, 27, 8, 0, 0), "C1", "POT-1", 1, 30])
for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
    for cell in row:
        cell.number_format = "dd/mm/yyyy hh:mm:ss"
orders.save(os.path.join(out, "orders.xlsx"))

# openpyxl writes inline strings; Excel writes a shared-strings part. The Meta export again, its
# strings moved into xl/sharedStrings.xml as Excel keeps them (one as a rich text of two runs).
import re
import zipfile

source = os.path.join(out, "Acme-Ads-Nov-2026.xlsx")
parts = {}
with zipfile.ZipFile(source) as z:
    for info in z.infolist():
        parts[info.filename] = z.read(info.filename)
strings = []


def shared(match):
    text = match.group(2)
    if text not in strings:
        strings.append(text)
    return '<c r="%s" t="s"><v>%d</v></c>' % (match.group(1), strings.index(text))


sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
parts["xl/worksheets/sheet1.xml"] = re.sub(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>([^<]*)</t></is></c>', shared, sheet_xml).encode()
items = "".join(
    '<si><r><t>Winter Sale</t></r><r><rPr><b/></rPr><t>, EU</t></r></si>' if s == "Winter Sale, EU" else "<si><t>%s</t></si>" % s
    for s in strings)
parts["xl/sharedStrings.xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
                                 % (len(strings), len(strings), items)).encode()
parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
    b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
    b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
with zipfile.ZipFile(os.path.join(out, "Acme-Ads-shared-strings.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in parts.items():
        z.writestr(zipfile.ZipInfo(name, (2026, 12, 7, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
