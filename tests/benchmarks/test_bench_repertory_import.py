"""Benchmark: import of a generated KBO full extract (1,000,000 enterprises by default) through
`manage.py import_repertory`, in a separate process on its own database: rows per second and peak memory.

REPERTORY_BENCH_ENTERPRISES=20000 make bench   runs a quick, smaller one.
REPERTORY_BENCH_DATABASE_URL=postgres://...    runs it on PostgreSQL (the database must exist and be empty).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTERPRISES = int(os.environ.get("REPERTORY_BENCH_ENTERPRISES", "1000000"))
MEMORY_LIMIT_MB = 500


def _entity(first8: int, *, unit: bool = False) -> str:
    d = f"{first8:08d}{97 - first8 % 97:02d}"
    return f"{d[0]}.{d[1:4]}.{d[4:7]}.{d[7:]}" if unit else f"{d[:4]}.{d[4:7]}.{d[7:]}"


HEADERS = {
    "enterprise": "EnterpriseNumber,Status,JuridicalSituation,TypeOfEnterprise,JuridicalForm,JuridicalFormCAC,"
    "StartDate",
    "establishment": "EstablishmentNumber,StartDate,EnterpriseNumber",
    "denomination": "EntityNumber,Language,TypeOfDenomination,Denomination",
    "address": "EntityNumber,TypeOfAddress,CountryNL,CountryFR,Zipcode,MunicipalityNL,MunicipalityFR,StreetNL,StreetFR,"
    "HouseNumber,Box,ExtraAddressInfo,DateStrikingOff",
    "activity": "EntityNumber,ActivityGroup,NaceVersion,NaceCode,Classification",
}


def _lines(table: str, n: int):
    """The data lines of one table for n enterprises (half of them with an establishment unit)."""
    for i in range(n):
        ent = _entity(2_000_000 + i)
        postcode = 1000 + (i * 37) % 9000
        unit = _entity(20_000_000 + i, unit=True) if i % 2 == 0 else ""
        if table == "enterprise":
            yield f'"{ent}","AC","000","2","610","","01-01-2015"\n'
        elif table == "denomination":
            yield f'"{ent}","2","001","Onderneming {i}"\n'
        elif table == "activity":
            yield f'"{ent}","006","2008","62010","MAIN"\n"{ent}","001","2008","62010","MAIN"\n'
        elif table == "establishment" and unit:
            yield f'"{unit}","01-01-2015","{ent}"\n'
        elif table == "address":
            street = '"Gemeente","Commune","Straat","Rue"'
            yield f'"{ent}","REGO","","","{postcode}",{street},"{i % 200}","","",""\n'
            if unit:
                yield f'"{unit}","BAET","","","{postcode}",{street},"1","","",""\n'


def generate_extract(path: Path, n: int) -> int:
    """A full extract with n enterprises, written member by member; returns the number of data rows."""
    rows = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(
            "meta.csv",
            'Variable,Value\n"SnapshotDate","01-11-2025"\n"ExtractTimestamp","02-11-2025 07:00:00"\n'
            '"ExtractType","full"\n"ExtractNumber","150"\n"Version","1.0.0"\n',
        )
        for table, header in HEADERS.items():
            with archive.open(f"{table}.csv", "w", force_zip64=True) as member:
                member.write((header + "\n").encode())
                buffer = []
                for line in _lines(table, n):
                    buffer.append(line)
                    rows += line.count("\n")
                    if len(buffer) >= 10_000:
                        member.write("".join(buffer).encode())
                        buffer.clear()
                member.write("".join(buffer).encode())
    return rows


def employers_csv(path: Path, n: int) -> int:
    """One employer per 100 enterprises of the extract, to exercise the copy from the KBO into the repertory."""
    from repertory.importers.portal_csv import COLUMNS

    count = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(COLUMNS) + "\n")
        for i in range(0, n, 100):
            radix = 1_000_000 + i
            number = f"{radix}{(96 - radix * 100 % 97) or 97:02d}"
            enterprise = _entity(2_000_000 + i).replace(".", "")
            handle.write(f"RSZ,{number},{enterprise},Werkgever {i},,,610,0,,private,3,,,,,,,000,\n")
            count += 1
    return count


def _run(args: list[str], env: dict, output: Path) -> tuple[float, float]:
    """Run a manage.py command in its own process; return (seconds, that process's peak memory in MB)."""
    started = time.perf_counter()
    with output.open("w") as out:
        process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=out)
        _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    text = output.read_text()
    assert os.waitstatus_to_exitcode(status) == 0, text
    return elapsed, usage.ru_maxrss / 1024


def test_kbo_full_extract_import(tmp_path, report):
    pytest.importorskip("django")
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("REPERTORY_BENCH_DATABASE_URL") or f"sqlite:///{tmp_path}/bench.db",
    }
    env.pop("REDIS_URL", None)
    extract = tmp_path / "KboOpenData_0150_2025_11_Full.zip"
    started = time.perf_counter()
    rows = generate_extract(extract, ENTERPRISES)
    generated = (
        f"{ENTERPRISES:,} enterprises, {rows:,} data rows, {extract.stat().st_size / 1e6:.1f} MB zipped, "
        f"generated in {time.perf_counter() - started:.1f} s"
    )
    log = tmp_path / "out.txt"
    _run(["migrate", "--no-input", "--verbosity", "0"], env, log)
    employers = tmp_path / "employers.csv"
    in_repertory = employers_csv(employers, ENTERPRISES)
    _run(["import_repertory", str(employers)], env, log)
    seconds, peak_mb = _run(["import_repertory", str(extract)], env, log)
    report(
        "KBO full extract import",
        f"{generated}; {in_repertory:,} employers in the repertory; import {seconds:.1f} s (process start and code "
        f"table included), {rows / seconds:,.0f} rows/s, peak memory {peak_mb:.0f} MB (limit {MEMORY_LIMIT_MB} MB, "
        f"ratio {peak_mb / MEMORY_LIMIT_MB:.2f})",
        figure=f"{ENTERPRISES:,} enterprises: {rows / seconds:,.0f} rows/s, peak {peak_mb:.0f} MB",
        baseline=f"{MEMORY_LIMIT_MB} MB memory limit",
        ratio=peak_mb / MEMORY_LIMIT_MB,
        target=f"peak < {MEMORY_LIMIT_MB} MB (flat)",
        met=peak_mb < MEMORY_LIMIT_MB,
    )
    assert peak_mb < MEMORY_LIMIT_MB
