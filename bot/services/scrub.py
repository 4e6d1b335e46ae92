"""Attachments lose what identifies their author before they are sealed: a photo's GPS position
and camera serial number, a PDF's author and editing software, a Word file's "last modified
by", the names on its comments and tracked changes. No aiogram here; CPU-bound, so callers run
`scrub` in a worker thread.

The format is recognised from the bytes, never from the name or the MIME type a client claims.
Each cleaner uses the library made for its format:
- images (JPEG, PNG, WebP, GIF, TIFF, HEIC/HEIF): Pillow (and pillow-heif) decode the pixels and
  encode them again without EXIF, XMP, IPTC, comments or text chunks; the EXIF orientation is
  applied first so the picture stays upright; HEIC becomes JPEG, which every officer can open;
- PDF: pikepdf (qpdf) removes the document information dictionary, XMP metadata (document and
  pages), the names and dates on annotations, and the file identifier, and keeps every page;
- OOXML (docx/xlsx/pptx) and ODF (odt/ods/odp): the ZIP is rewritten part by part with the
  metadata parts emptied and person names blanked in comments, tracked changes and authors'
  lists; entry times are reset (they are the local time the file was saved). Office files have
  no well-kept Python library that cleans them without dropping parts (python-docx and openpyxl
  rebuild the document and lose what they do not model, mat2 needs GObject and rasterises
  PDFs), so this touches only the named metadata, by pattern, and leaves everything else
  byte for byte.
- plain text has nothing hidden and passes as it is.
Anything else (video, audio, archives, legacy .doc/.xls, a corrupt or encrypted file) raises
`CannotScrub`: the caller asks the reporter whether to attach it as it is.

What no cleaner can remove: what the file shows or says (a face, a voice, a document only one
person had), and metadata hidden inside embedded objects (an image inside a PDF or a Word file).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC/HEIF (iPhone photos sent as files): optional at import, a dependency in pyproject
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - installed with the package
    pillow_heif = None

# What was removed, as codes the handlers translate (locales: scrub-<code>).
GPS, CAMERA, AUTHOR, EXIF, XMP, IPTC, COMMENT, TEXT_CHUNKS = (
    "gps", "camera", "author", "exif", "xmp", "iptc", "comment", "text-chunks")
DOC_INFO, ANNOTATION_AUTHORS, FILE_ID = "doc-info", "annotation-authors", "file-id"
OFFICE_PEOPLE, OFFICE_COMPANY, OFFICE_DATES, OFFICE_CUSTOM, PRINTER, COMMENT_AUTHORS = (
    "office-people", "office-company", "office-dates", "office-custom", "printer", "comment-authors")

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # an office file that inflates beyond this is refused
MAX_ZIP_ENTRIES = 10_000
Image.MAX_IMAGE_PIXELS = 120_000_000  # Pillow refuses decompression bombs above twice this


@dataclass(frozen=True)
class Scrubbed:
    data: bytes
    mime_type: str
    extension: str
    removed: tuple[str, ...]  # empty: nothing hidden was found


REMOVALS = (GPS, CAMERA, AUTHOR, EXIF, XMP, IPTC, COMMENT, TEXT_CHUNKS, DOC_INFO, ANNOTATION_AUTHORS, FILE_ID,
            OFFICE_PEOPLE, OFFICE_COMPANY, OFFICE_DATES, OFFICE_CUSTOM, PRINTER, COMMENT_AUTHORS)
# Why a file could not be cleaned, as codes the handlers translate (locales: scrub-format-<code>).
UNCLEANABLE = ("unknown", "image", "pdf", "encrypted-pdf", "archive", "office", "oversized-office",
               "encrypted-office", "audio", "video")


class CannotScrub(Exception):
    """The format is unknown, damaged or encrypted: nothing could be checked or removed."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what  # one of UNCLEANABLE: content-free, shown to the reporter


def _unique(codes: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(codes))


# --- recognising the format ------------------------------------------------------------------

_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}


def sniff(data: bytes) -> str | None:
    """The format by its bytes: 'image', 'pdf', 'zip', 'text', or None."""
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n" or data[:6] in (b"GIF87a", b"GIF89a") \
            or (data[:4] == b"RIFF" and data[8:12] == b"WEBP") or data[:4] in (b"II*\x00", b"MM\x00*") \
            or (data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS):
        return "image"
    if data.lstrip(b"\x00\t\r\n ")[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if _is_text(data):
        return "text"
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def scrub(data: bytes) -> Scrubbed:
    kind = sniff(data)
    if kind == "image":
        return _scrub_image(data)
    if kind == "pdf":
        return _scrub_pdf(data)
    if kind == "zip":
        return _scrub_office(data)
    if kind == "text":
        return Scrubbed(data, "text/plain", "txt", ())
    raise CannotScrub("unknown")


# --- images ----------------------------------------------------------------------------------

_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_CAMERA_TAGS = {0x010F, 0x0110, 0xA431, 0xA432, 0xA433, 0xA434, 0xA435}  # make, model, serials, lens
_AUTHOR_TAGS = {0x013B, 0x8298, 0xA430}  # Artist, Copyright, CameraOwnerName
_SAVE_AS = {"JPEG": ("JPEG", "image/jpeg", "jpg"), "PNG": ("PNG", "image/png", "png"),
            "WEBP": ("WEBP", "image/webp", "webp"), "GIF": ("GIF", "image/gif", "gif"),
            "TIFF": ("TIFF", "image/tiff", "tif")}
_JPEG = ("JPEG", "image/jpeg", "jpg")  # HEIC and anything else Pillow reads become JPEG


def _image_findings(image: Image.Image) -> list[str]:
    found: list[str] = []
    exif = image.getexif()
    if exif:
        tags = set(exif) | set(exif.get_ifd(_EXIF_IFD))
        if exif.get_ifd(_GPS_IFD):
            found.append(GPS)
        if tags & _CAMERA_TAGS:
            found.append(CAMERA)
        if tags & _AUTHOR_TAGS:
            found.append(AUTHOR)
        if image.format != "TIFF" or found or exif.get_ifd(_EXIF_IFD):  # a TIFF's structure is tags too
            found.append(EXIF)
    info = image.info
    if info.get("xmp") or info.get("XML:com.adobe.xmp"):
        found.append(XMP)
    if any(marker == "APP13" for marker, _ in getattr(image, "applist", [])):
        found.append(IPTC)
    if info.get("comment"):
        found.append(COMMENT)
    if getattr(image, "text", None):
        text_keys = {key for key in image.text if key != "XML:com.adobe.xmp"}
        if text_keys:
            found.append(TEXT_CHUNKS)
    return found


def _scrub_image(data: bytes) -> Scrubbed:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            found = _image_findings(image)
            fmt, mime, extension = _SAVE_AS.get(image.format or "", _JPEG)
            frames = getattr(image, "n_frames", 1)
            if fmt == "GIF" and frames > 1:
                return _save_animation(image, found)
            upright = ImageOps.exif_transpose(image)  # the orientation tag goes with the EXIF
            if upright.mode in ("P", "PA"):
                upright = upright.convert("RGBA")
            # A new image from the bare pixels: no info, EXIF or text for any encoder to copy.
            clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
            if fmt == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
                clean = clean.convert("RGB")
            out = io.BytesIO()
            options: dict[str, object] = {"quality": 95} if fmt in ("JPEG", "WEBP") else {}
            icc = image.info.get("icc_profile")  # colours, not people: kept so the picture looks the same
            if icc and fmt in ("JPEG", "PNG", "WEBP", "TIFF"):
                options["icc_profile"] = icc
            clean.save(out, format=fmt, **options)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise CannotScrub("image") from None
    return Scrubbed(out.getvalue(), mime, extension, _unique(found))


def _save_animation(image: Image.Image, found: list[str]) -> Scrubbed:
    frames = []
    for index in range(image.n_frames):
        image.seek(index)
        frames.append(image.convert("RGBA"))
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], loop=0,
                   duration=image.info.get("duration", 100))
    return Scrubbed(out.getvalue(), "image/gif", "gif", _unique(found))


# --- PDF -------------------------------------------------------------------------------------


def _scrub_pdf(data: bytes) -> Scrubbed:
    import pikepdf  # imported on first use: it is large, and most runs of the CLI never need it

    found: list[str] = []
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if "/Info" in pdf.trailer:
                if len(pdf.trailer.Info.keys()):
                    found.append(DOC_INFO)
                del pdf.trailer["/Info"]
            if "/Metadata" in pdf.Root:
                found.append(XMP)
                del pdf.Root["/Metadata"]
            if "/PieceInfo" in pdf.Root:
                del pdf.Root["/PieceInfo"]
            for page in pdf.pages:
                for key in ("/Metadata", "/PieceInfo"):
                    if key in page.obj:
                        found.append(XMP if key == "/Metadata" else DOC_INFO)
                        del page.obj[key]
                for annotation in page.obj.get("/Annots", []):
                    for key in ("/T", "/M", "/CreationDate"):  # author's name, dates
                        if isinstance(annotation, pikepdf.Dictionary) and key in annotation:
                            found.append(ANNOTATION_AUTHORS)
                            del annotation[key]
            if "/ID" in pdf.trailer:  # ties the file to the copy still on the author's computer
                found.append(FILE_ID)
                del pdf.trailer["/ID"]
            out = io.BytesIO()
            pdf.save(out, fix_metadata_version=False)
    except pikepdf.PasswordError:
        raise CannotScrub("encrypted-pdf") from None
    except (pikepdf.PdfError, ValueError, RecursionError):
        raise CannotScrub("pdf") from None
    return Scrubbed(out.getvalue(), "application/pdf", "pdf", _unique(found))


# --- OOXML and ODF ---------------------------------------------------------------------------

_OOXML_TYPES = {"word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")}
_ODF_TYPES = {"application/vnd.oasis.opendocument.text": "odt",
              "application/vnd.oasis.opendocument.spreadsheet": "ods",
              "application/vnd.oasis.opendocument.presentation": "odp"}

_EMPTY_CORE = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
               b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
               b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>')
_EMPTY_CUSTOM = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
                 b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>')
_EMPTY_ODF_META = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                   b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                   b'office:version="1.2"><office:meta/></office:document-meta>')


def _blank_elements(names: str) -> re.Pattern[bytes]:
    """<prefix:name attrs>text</prefix:name> for the given local names, any prefix."""
    return re.compile(rb"<((?:[\w.-]+:)?(?:" + names.encode() + rb"))(\s[^>]*)?>[^<]*</\1>")


def _blank_attributes(names: str) -> re.Pattern[bytes]:
    return re.compile(rb"(\s(?:[\w.-]+:)?(?:" + names.encode() + rb'))="[^"]*"')


_APP_COMPANY = _blank_elements("Company|Manager|HyperlinkBase|Template")
_PERSON_ATTRIBUTES = _blank_attributes("author|initials|userId|providerId|displayName|name")
_AUTHOR_TEXT = _blank_elements("author|creator|initial-creator|date")  # xlsx authors, ODF annotations
_ODF_PRINTER = re.compile(rb'<config:config-item config:name="Printer(?:Name|Setup)"[^>]*>[^<]*</config:config-item>')


def _is_comment_part(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in ("comment", "people", "person", "persons", "authors", "threaded"))


def _office_part(name: str, body: bytes, family: str, found: list[str]) -> bytes:
    """One ZIP entry, cleaned. `family` is 'ooxml' or 'odf'."""
    def sub(pattern: re.Pattern[bytes], replacement: bytes | Callable[[re.Match[bytes]], bytes], code: str,
            text: bytes) -> bytes:
        cleaned, count = pattern.subn(replacement, text)
        if count and cleaned != text:
            found.append(code)
        return cleaned

    if family == "ooxml":
        if name == "docProps/core.xml":
            found.append(OFFICE_PEOPLE)
            found.append(OFFICE_DATES)
            return _EMPTY_CORE
        if name == "docProps/custom.xml":
            found.append(OFFICE_CUSTOM)
            return _EMPTY_CUSTOM
        if name == "docProps/app.xml":
            return sub(_APP_COMPANY, lambda m: b"<%s></%s>" % (m.group(1), m.group(1)), OFFICE_COMPANY, body)
        if name.endswith(".xml") or name.endswith(".rels"):
            body = sub(_PERSON_ATTRIBUTES, rb'\1=""', COMMENT_AUTHORS, body) if _is_comment_part(name) else \
                sub(_blank_attributes("author|initials"), rb'\1=""', COMMENT_AUTHORS, body)
            if _is_comment_part(name):
                body = sub(_AUTHOR_TEXT, lambda m: b"<%s></%s>" % (m.group(1), m.group(1)), COMMENT_AUTHORS, body)
        return body
    if name == "meta.xml":
        found.append(OFFICE_PEOPLE)
        found.append(OFFICE_DATES)
        return _EMPTY_ODF_META
    if name == "settings.xml":
        return sub(_ODF_PRINTER, b"", PRINTER, body)
    if name.endswith(".xml"):  # annotations and tracked changes name their author and date
        return sub(_blank_elements("creator|date"), lambda m: b"<%s></%s>" % (m.group(1), m.group(1)),
                   COMMENT_AUTHORS, body)
    return body


def _office_family(archive: zipfile.ZipFile) -> tuple[str, str, str]:
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        for folder, (extension, mime) in _OOXML_TYPES.items():
            if any(name.startswith(folder) for name in names):
                return "ooxml", extension, mime
    if "mimetype" in names:
        mime = archive.read("mimetype").decode("ascii", "replace").strip()
        if mime in _ODF_TYPES:
            return "odf", _ODF_TYPES[mime], mime
    raise CannotScrub("archive")


def _scrub_office(data: bytes) -> Scrubbed:
    found: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            family, extension, mime = _office_family(archive)
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
                raise CannotScrub("oversized-office")
            if any(e.flag_bits & 0x1 for e in entries):
                raise CannotScrub("encrypted-office")
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as cleaned:
                for entry in entries:  # the same order: ODF needs "mimetype" first and stored
                    body = _office_part(entry.filename, archive.read(entry), family, found)
                    info = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = entry.compress_type
                    info.external_attr = 0o644 << 16
                    cleaned.writestr(info, body)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, NotImplementedError, RuntimeError):
        raise CannotScrub("office") from None
    return Scrubbed(out.getvalue(), mime, extension, _unique(found))


@dataclass(frozen=True)
class Prepared:
    """An attachment as it will be sealed."""

    file_name: str
    mime_type: str
    data: bytes
    removed: tuple[str, ...]


def prepare(data: bytes, *, kind: str, original_name: str, original_mime: str, number: int,
            as_is: bool = False, keep_name: bool = False) -> Prepared:
    """Clean a reporter's file and name it. Raises CannotScrub unless `as_is` (the reporter
    confirmed sending a file that cannot be cleaned). A voice note recorded in Telegram carries
    no author data; the voice itself is what identifies, and the reporter was warned of that."""
    if kind == "voice" or as_is:
        extension = "ogg" if kind == "voice" else extension_of(original_name)
        name = original_name if keep_name else neutral_name(number, extension)
        return Prepared(name, original_mime, data, ())
    if kind in ("audio", "video"):
        raise CannotScrub(kind)  # their containers (MP4, MP3, OGG) can hold a place and a name
    cleaned = scrub(data)
    if keep_name:
        stem = original_name.rsplit(".", 1)[0] if "." in original_name else original_name
        name = f"{stem}.{cleaned.extension}"
    else:
        name = neutral_name(number, cleaned.extension)
    return Prepared(name, cleaned.mime_type, cleaned.data, cleaned.removed)


def neutral_name(number: int, extension: str) -> str:
    """`attachment-1.pdf`: the original name (often the author's own) is not kept unless asked."""
    return f"attachment-{number}.{extension}"


_SAFE_EXTENSION = re.compile(r"^[a-z0-9]{1,8}$")


def extension_of(file_name: str) -> str:
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    return extension if _SAFE_EXTENSION.match(extension) else "bin"
