"""The portal's Indonesian words, one per concept (docs/glossary.md lists them for translators and writers).

Each term names the word the portal uses, the English source word it translates, and the variants that must not
appear in the Indonesian catalogue: Indonesian synonyms that would make one thing look like two ("posko
pengungsian" beside "tempat pengungsian") and English loanwords left untranslated ("shelter", "login").
``tests/core/test_glossary.py`` reads ``locale/id/LC_MESSAGES/django.po`` and the templates and refuses a variant;
``allowed`` lists the few fixed phrases in which a variant is the right word (role names, legal names).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    """One concept: the word to use, its English source, the variants to refuse."""

    term: str
    english: str
    avoid: tuple[str, ...] = ()
    loanwords: tuple[str, ...] = ()
    allowed: tuple[str, ...] = field(default=())
    note: str = ""


GLOSSARY: tuple[Term, ...] = (
    Term(
        "tempat pengungsian",
        "shelter",
        avoid=("posko pengungsian", "lokasi pengungsian", "shelter pengungsi"),
        loanwords=("shelter",),
        note="A posko is a command or aid post, not where displaced people sleep.",
    ),
    Term("pengungsi", "evacuee / displaced person", avoid=("evakuee", "pengungsian orang")),
    Term("klaster", "cluster", avoid=("kluster",), loanwords=("cluster",)),
    Term(
        "kabupaten/kota",
        "regency/city",
        avoid=("kab./kota", "kabupaten kota", "kab/kot"),
        allowed=("petugas kab/kota", "koordinator kab/kota"),
        note="Written out in full; the role names keep the short form the office uses for them.",
    ),
    Term("desa/kelurahan", "village", avoid=("desa/kel.", "kelurahan/desa")),
    Term("laporan lapangan", "field report", avoid=("laporan kejadian lapangan",)),
    Term("laporan situasi", "situation report", avoid=("sitrep", "laporan situasional")),
    Term("relawan", "volunteer", avoid=("sukarelawan",), loanwords=("volunteer",)),
    Term("instansi", "agency", avoid=("dinas terkait",)),
    Term("notulen", "minutes", avoid=("notulensi", "risalah rapat")),
    Term("tindak lanjut", "action item", avoid=("butir aksi",), loanwords=("action item",)),
    Term("kata sandi", "password", avoid=(), loanwords=("password",)),
    Term("nama pengguna", "username", loanwords=("username",)),
    Term("masuk", "log in", avoid=("log masuk",), loanwords=("login", "log in")),
    Term("keluar", "log out", loanwords=("logout", "log out")),
    Term("unduh", "download", loanwords=("download",)),
    Term("galat", "error (in a file or a row)", avoid=("eror",), loanwords=("error",)),
    Term("tanggap darurat", "emergency response", avoid=("tanggap-darurat",)),
    Term("data pribadi", "personal data", avoid=("data personal",)),
    Term("penugasan", "deployment (of volunteers)", loanwords=("deployment",)),
    Term("gudang", "warehouse", loanwords=("warehouse",)),
    Term("surat jalan", "delivery note", avoid=("nota pengiriman",)),
    Term("tanda terima", "receipt", avoid=("kuitansi penerimaan",)),
    Term("dicetak pada", "printed on", avoid=("tercetak pada", "waktu cetak")),
    Term("pukul", "at (a time of day)", avoid=("pada jam",)),
)
