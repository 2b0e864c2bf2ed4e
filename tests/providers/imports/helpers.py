"""Files and shortcuts the providers import tests share."""

from providers import imports

HEADER = (
    "name,kind,charity_number,company_number,address_line_1,town,postcode,"
    "countywide,districts,third_sector,local,email"
)
GOOD_ROWS = [
    "Fenland Support,Charity,1123456,,1 High St,March,PE15 8AA,Yes,,Yes,Yes,a@example.org",
    "Restorative Futures CIC,cic,,11223344,2 Bridge St,Huntingdon,pe29 3tn,No,Huntingdonshire,yes,yes,",
    "Peterborough City Council,Public body,,,Town Hall,Peterborough,PE1 1HF,no,Peterborough; Fenland,No,Yes,",
]
BAD_CHARITY_ROW = "Wisbech Youth Trust,Charity,12AB,,3 Quay,Wisbech,PE13 1DG,Yes,,Yes,Yes,"
FIXED_CHARITY_ROW = "Wisbech Youth Trust,Charity,1098765,,3 Quay,Wisbech,PE13 1DG,Yes,,Yes,Yes,"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def check(*rows: str, header: str = HEADER):
    parsed = imports.read_providers_file(content=csv_bytes(*rows, header=header), filename="p.csv")
    return imports.check_providers(parsed)


def run_import(*rows: str, user, header: str = HEADER, filename="p.csv", content=None):
    """Upload then confirm, as the pages do; returns the import or raises ProvidersImportError."""
    token = imports.upload_providers_file(
        content=content if content is not None else csv_bytes(*rows, header=header),
        filename=filename,
        uploaded_by=user,
    )
    return imports.confirm_providers_import(token=token, imported_by=user)
