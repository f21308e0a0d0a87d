"""Text that is not UTF-8: which 8-bit character set a file is in, declared or detected.

Address books written by Windows programs are in the computer's "ANSI" code page:
Windows-1251 for Ukrainian and Russian names, 1253 for Greek, 1255 for Hebrew, 1252 for
Western European ones. A vCard may say so line by line (``FN;CHARSET=Windows-1251:...``); a
CSV file never does. Reading all of them as Windows-1252 turns every Greek, Cyrillic or
Hebrew name into mojibake, so:

1. a line that declares its character set is decoded in it (:func:`decode_lines`);
2. other lines that are not UTF-8 are decoded in the character set the file declares most
   often, else in the one :func:`detect_legacy` finds;
3. the note an import prints says which encoding was used and how it was chosen.

:func:`detect_legacy` asks **charset-normalizer** (the detector requests and pip use: pure
Python, no model files, MIT licence) which single-byte or East Asian code page reads the
file's non-ASCII words without "chaos", limited to the code pages address books are written
in, then breaks the ties it leaves on short texts (a few names are too little for its language
statistics) by two facts about names: a name starts with a capital letter or a letter of a
script without case, and a Latin-script name is mostly ASCII letters. So ``דוד כהן`` in
Windows-1255 is not read as lower-case Cyrillic, and Greek names are not read as runs of
accented Latin letters. Detection is a guess, and the note says it is one.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter

from netgraph.ingest.readers.vcard_values import CP1252_TABLE, CP1252_UNDEFINED

#: Code pages address books are written in, most common first (ties go to the earlier one).
CANDIDATES = (
    "cp1252",
    "cp1251",
    "cp1250",
    "cp1253",
    "cp1255",
    "cp1254",
    "cp1256",
    "cp1257",
    "cp1258",
    "koi8_r",
    "koi8_u",
    "mac_roman",
    "cp874",
    "shift_jis",
    "gb18030",
    "big5",
    "euc_kr",
)
_LATIN = frozenset({"cp1252", "cp1250", "cp1254", "cp1257", "cp1258", "mac_roman"})
#: a word holding at least one byte that is not ASCII (letters and high bytes, no ASCII
#: punctuation or digits)
_WORD = re.compile(rb"[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*")
_SAMPLE_BYTES = 64 * 1024
#: codecs a file may declare: character sets of text (not idna, rot13, base64, utf-16, ...)
_TEXT_CODECS = re.compile(
    r"ascii|utf-8|latin-1|cp\d{3,4}|iso8859-\d{1,2}|koi8-[ru]|mac-[a-z]+|shift_jis(?:_2004)?"
    r"|euc_[a-z_0-9]+|gb2312|gbk|gb18030|big5(?:hkscs)?|iso2022_[a-z_0-9]+|tis-620"
)
_DECLARED = re.compile(rb"^[^:]*?;[ \t]*CHARSET[ \t]*=[ \t]*\"?([A-Za-z0-9_.-]{1,40})", re.I)


def codec_of(name: str | bytes | None) -> str | None:
    """The Python codec of a declared character set name, or None when it is unknown or not
    a text encoding (``Windows-1251`` -> ``cp1251``)."""
    if not name:
        return None
    text = name.decode("ascii", "replace") if isinstance(name, bytes) else name
    try:
        info = codecs.lookup(text.strip().strip('"'))
    except LookupError:
        return None
    return info.name if _TEXT_CODECS.fullmatch(info.name) else None


def display_name(codec: str) -> str:
    """A codec as people know it: ``cp1251`` -> ``Windows-1251 (cp1251)``, ``koi8-r`` ->
    ``KOI8-R``."""
    if codec.startswith("cp125") and len(codec) == 6:
        return f"Windows-{codec[2:]} ({codec})"
    return codec.upper().replace("_", "-")


def detect_legacy(data: bytes) -> str:
    """The code page the non-ASCII words of ``data`` are most likely written in.

    >>> detect_legacy("דוד כהן, שרה לוי".encode("cp1255"))
    'cp1255'
    >>> detect_legacy("Γιώργος Παπαδόπουλος".encode("cp1253"))
    'cp1253'
    """
    words = _WORD.findall(data[: _SAMPLE_BYTES * 4])
    sample = b" ".join(words)[:_SAMPLE_BYTES]
    if not sample:
        return "cp1252"
    from charset_normalizer import from_bytes  # imported lazily: only files not in UTF-8

    scored = [_score("cp1252", sample.decode("latin-1").translate(CP1252_TABLE), None, 0.0)]
    for match in from_bytes(sample, cp_isolation=list(CANDIDATES)):
        # code pages that read the sample alike are one match: take the most common of them
        alike = [codec_of(name) for name in (match.encoding, *match.could_be_from_charset)]
        codec = min((name for name in alike if name), key=_rank, default=None)
        if codec is not None:
            scored.append(_score(codec, str(match), match.chaos, match.coherence))
    return min(scored)[-1]


def _score(
    codec: str, text: str, chaos: float | None, coherence: float
) -> tuple[float, float, float, bool, bool, float, int, str]:
    """How unlikely a reading is (lower is better): its chaos, then whether its words look
    like names (capitalised; no symbols inside words; Latin-script ones mostly ASCII; a
    plausible share of vowels),
    then its language coherence, then how common the code page is."""
    if chaos is None:
        from charset_normalizer.md import mess_ratio

        chaos = mess_ratio(text)
    return (
        round(chaos, 1),
        -_capitalised(text),
        _broken_words(text),
        codec in _LATIN and _accented(text) > 0.5,
        not _vowelled(text),
        -round(coherence, 1),
        _rank(codec),
        codec,
    )


def _rank(codec: str) -> int:
    names = [codec_of(name) for name in CANDIDATES]
    return names.index(codec) if codec in names else len(names)


def _capitalised(text: str) -> float:
    """The share of words that start with a capital letter or a letter without case, in
    tenths (names are capitalised; Hebrew, Arabic, CJK letters have no case)."""
    words = [word for word in text.split() if word[:1].isalpha()]
    if not words:
        return 0.0
    good = sum(1 for word in words if not word[0].islower())
    return round(good / len(words), 1)


_VOWELS = frozenset(
    "aeiouy"
    "\u0430\u0435\u0451\u0438\u043e\u0443\u044b\u044d\u044e\u044f\u0456\u0457\u0454\u045e\u03b1\u03b5\u03b7\u03b9\u03bf\u03c5\u03c9"
)  # Cyrillic, Greek


def _vowelled(text: str) -> bool:
    """Whether the Latin, Cyrillic and Greek letters of ``text`` are 20-70% vowels, as names'
    are (``Гйюсгпт`` is not; scripts without such vowels pass)."""
    letters = [
        unicodedata.normalize("NFD", char)[0].lower()
        for char in text
        if char.isalpha() and ("a" <= char.lower() <= "z" or "\u00c0" <= char <= "\u04ff")
    ]
    if len(letters) < 4:
        return True
    share = sum(1 for char in letters if char in _VOWELS) / len(letters)
    return 0.2 <= share <= 0.7


def _broken_words(text: str) -> float:
    """The share of words with a symbol between letters, in tenths (``Wiœniewski`` is
    Windows-1250's ``Wiśniewski`` read as 1252; ``D¹browska`` its ``Dąbrowska``)."""
    words = text.split()
    if not words:
        return 0.0
    broken = sum(1 for word in words if _broken(word.strip("\u2019'-.,")))
    return round(broken / len(words), 1)


def _broken(word: str) -> bool:
    """A symbol between letters, or ASCII letters mixed with letters of another script."""
    if any(not char.isalpha() for char in word):
        return True
    return any(char.isascii() for char in word) and any(char > "\u024f" for char in word)


def _accented(text: str) -> float:
    """The share of letters that are not ASCII: a Latin-script name has few."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if not char.isascii()) / len(letters)


def declared_charset(line: bytes) -> str | None:
    """The codec a vCard property line declares in its parameters, or None.

    >>> declared_charset(b"FN;CHARSET=Windows-1251:Name")
    'cp1251'
    >>> declared_charset(b"NOTE:CHARSET=cp1251 is in the value") is None
    True
    """
    found = _DECLARED.match(line)
    return codec_of(found.group(1)) if found else None


def decode_lines(data: bytes) -> tuple[str, str]:
    """Decode text that is not UTF-8 line by line; return ``(text, note)``.

    A line that declares a ``CHARSET`` is decoded in it, and so are its folded continuation
    lines; a line of ASCII or of valid UTF-8 as such; any other line in the character set the
    file declares most often, else the one :func:`detect_legacy` finds. Bytes that are not
    valid in the chosen character set become U+FFFD, and the note counts the lines that had
    some.
    """
    lines = data.split(b"\n")
    declared: list[str | None] = []
    current: str | None = None
    for line in lines:
        if line[:1] in (b" ", b"\t") and current is not None:
            declared.append(current)  # a folded continuation of the line above
            continue
        current = declared_charset(line)
        declared.append(current)
    counts = Counter(codec for codec in declared if codec is not None)
    default, how = _default(data, lines, declared, counts)
    out: list[str] = []
    broken = 0
    for line, codec in zip(lines, declared, strict=True):
        text, ok = _decode_line(line, codec, default)
        out.append(text)
        broken += not ok
    undefined = 0
    if default == "cp1252" or "cp1252" in counts:
        undefined = sum(data.count(bytes([byte])) for byte in CP1252_UNDEFINED)
    return "\n".join(out), _note(counts, default, how, broken, undefined)


def _default(
    data: bytes, lines: list[bytes], declared: list[str | None], counts: Counter[str]
) -> tuple[str, str]:
    """The character set of lines that declare none, and how it was chosen."""
    eight_bit = counts.copy()
    for codec in list(eight_bit):
        if codec == "utf-8":
            del eight_bit[codec]
    if eight_bit:
        return eight_bit.most_common(1)[0][0], "declared by the file"
    undeclared = b"\n".join(
        line for line, codec in zip(lines, declared, strict=True) if codec is None
    )
    return detect_legacy(undeclared or data), "detected"


def _decode_line(line: bytes, codec: str | None, default: str) -> tuple[str, bool]:
    """A line decoded as it declares, as ASCII/UTF-8, else in ``default``; and whether every
    byte was valid."""
    if line.isascii():
        return line.decode("ascii"), True
    if codec == "cp1252" or (codec is None and default == "cp1252" and not _utf8(line)):
        return line.decode("latin-1").translate(CP1252_TABLE), True
    if codec is not None:
        try:
            return line.decode(codec), True
        except UnicodeDecodeError:
            return line.decode(codec, errors="replace"), False
    try:
        return line.decode("utf-8"), True
    except UnicodeDecodeError:
        pass
    try:
        return line.decode(default), True
    except UnicodeDecodeError:
        return line.decode(default, errors="replace"), False


def _utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _note(counts: Counter[str], default: str, how: str, broken: int, undefined: int) -> str:
    """Which encodings were used, and how they were chosen."""
    if counts:
        listed = ", ".join(f"{display_name(codec)}: {n} lines" for codec, n in counts.items())
        note = f"lines decoded in the character sets they declare ({listed})"
        note += f"; other lines as {display_name(default)} ({how})"
    else:
        note = (
            f"decoded as {display_name(default)}, detected from the names "
            "(no character set declared; check them)"
        )
    if undefined:
        note += f"; {undefined} byte(s) undefined in cp1252 were read as Latin-1"
    if broken:
        note += f"; {broken} line(s) held bytes invalid in their character set (replaced)"
    return note
