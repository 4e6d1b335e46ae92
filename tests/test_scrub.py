"""Attachments lose what identifies their author: real files, built here with the metadata each
format carries (Pillow writes EXIF with GPS, pikepdf writes document info and XMP, zipfile
writes Office and ODF metadata parts), cleaned, then searched for the author's traces."""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest
from PIL import Image

from bot.services import scrub

NAME = "Aigerim Nurlanovna"
COMPANY = "CanaryCorp LLP"
CAMERA = "CanaryCam X100"


def _exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "CanaryMaker"  # Make
    exif[0x0110] = CAMERA  # Model
    exif[0x013B] = NAME  # Artist
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (43.0, 14.0, 22.5), 3: "E", 4: (76.0, 53.0, 41.0)})
    return exif


XMP = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{NAME}</dc:creator></x:xmpmeta>'.encode()


def _image(fmt: str, size: tuple[int, int] = (40, 20), **options: object) -> bytes:
    picture = Image.new("RGB", size, (200, 30, 30))
    picture.putpixel((0, 0), (0, 0, 255))  # a marked corner, to check the orientation
    out = io.BytesIO()
    picture.save(out, format=fmt, **options)
    return out.getvalue()


def _traces(data: bytes) -> list[str]:
    return [needle for needle in (NAME, COMPANY, CAMERA, "CanaryMaker", "AN-initials") if needle.encode() in data]


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_images_lose_exif_gps_camera_and_xmp(fmt: str) -> None:
    original = _image(fmt, exif=_exif().tobytes(), **({"xmp": XMP} if fmt in ("JPEG", "WEBP", "PNG") else {}))
    assert _traces(original)  # the test file really carries them
    cleaned = scrub.scrub(original)
    assert _traces(cleaned.data) == []
    assert {scrub.GPS, scrub.CAMERA, scrub.AUTHOR, scrub.EXIF} <= set(cleaned.removed)
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.size == (40, 20)
        exif = image.getexif()  # (a TIFF's own structure is tags too: look for the personal ones)
        assert not exif.get_ifd(0x8825) and not {0x010F, 0x0110, 0x013B} & set(exif) and "xmp" not in image.info
    assert cleaned.mime_type.startswith("image/")


def test_png_text_chunks_are_removed() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", NAME)
    cleaned = scrub.scrub(_image("PNG", pnginfo=info))
    assert scrub.TEXT_CHUNKS in cleaned.removed and _traces(cleaned.data) == []


def test_a_jpeg_stays_upright_once_its_orientation_tag_is_gone() -> None:
    cleaned = scrub.scrub(_image("JPEG", exif=_exif(orientation=6).tobytes()))
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.size == (20, 40)  # rotated by the tag before the tag was dropped


def test_heic_from_a_phone_becomes_a_clean_jpeg() -> None:
    picture = Image.new("RGB", (64, 32), (10, 120, 10))
    out = io.BytesIO()
    picture.save(out, format="HEIF", exif=_exif().tobytes(), xmp=XMP)
    assert _traces(out.getvalue())
    cleaned = scrub.scrub(out.getvalue())
    assert (cleaned.extension, cleaned.mime_type) == ("jpg", "image/jpeg")
    assert scrub.GPS in cleaned.removed and _traces(cleaned.data) == []


def test_a_photo_without_metadata_reports_nothing_removed() -> None:
    cleaned = scrub.scrub(_image("JPEG"))
    assert cleaned.removed == ()


def _pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.docinfo["/Author"] = NAME
    pdf.docinfo["/Producer"] = "CanaryMaker PDF writer"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [NAME]
    note = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[10, 10, 30, 30],
                              T=pikepdf.String(NAME), Contents=pikepdf.String("the evidence stays"))
    pdf.pages[0].obj["/Annots"] = pdf.make_indirect([pdf.make_indirect(note)])
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def test_pdf_loses_document_info_xmp_annotation_authors_and_id() -> None:
    original = _pdf()
    assert _traces(original)
    cleaned = scrub.scrub(original)
    assert _traces(cleaned.data) == []
    assert {scrub.DOC_INFO, scrub.XMP, scrub.ANNOTATION_AUTHORS} <= set(cleaned.removed)
    with pikepdf.open(io.BytesIO(cleaned.data)) as pdf:
        assert len(pdf.pages) == 1
        assert "/Info" not in pdf.trailer or not pdf.trailer.Info.keys()
        assert "/Metadata" not in pdf.Root
        annotation = pdf.pages[0].obj.Annots[0]
        assert "/T" not in annotation and str(annotation.Contents) == "the evidence stays"


def test_an_encrypted_or_broken_pdf_cannot_be_cleaned() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="secret-user-password"))
    with pytest.raises(scrub.CannotScrub):
        scrub.scrub(out.getvalue())
    with pytest.raises(scrub.CannotScrub):
        scrub.scrub(b"%PDF-1.7\n" + b"\x00garbage" * 100)


def _zip(entries: list[tuple[str, str]], stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for index, (name, body) in enumerate(entries):
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 14, 3, 7))
            info.compress_type = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(info, body)
    return out.getvalue()


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _inflated(data: bytes) -> bytes:
    return b"".join(_entries(data).values())


DOCX = [
    ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    ("_rels/.rels", '<?xml version="1.0"?><Relationships/>'),
    ("docProps/core.xml", f'<?xml version="1.0"?><cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:dcterms="t">'
                          f'<dc:creator>{NAME}</dc:creator><cp:lastModifiedBy>{NAME}</cp:lastModifiedBy>'
                          f'<dcterms:created>2026-11-20T09:03:00Z</dcterms:created></cp:coreProperties>'),
    ("docProps/app.xml", f'<?xml version="1.0"?><Properties><Application>Microsoft Office Word</Application>'
                         f'<Company>{COMPANY}</Company><Manager>{NAME}</Manager></Properties>'),
    ("docProps/custom.xml", f'<?xml version="1.0"?><Properties><property name="Owner"><vt:lpwstr>{NAME}</vt:lpwstr>'
                            f'</property></Properties>'),
    ("word/document.xml", f'<?xml version="1.0"?><w:document><w:body><w:p><w:ins w:id="1" w:author="{NAME}" '
                          f'w:date="2026-11-20T09:03:00Z"><w:r><w:t>The evidence text stays.</w:t></w:r></w:ins>'
                          f'</w:p></w:body></w:document>'),
    ("word/comments.xml", f'<?xml version="1.0"?><w:comments><w:comment w:id="0" w:author="{NAME}" '
                          f'w:initials="AN-initials"><w:p><w:r><w:t>Comment text stays</w:t></w:r></w:p></w:comment>'
                          f'</w:comments>'),
    ("word/people.xml", f'<?xml version="1.0"?><w15:people><w15:person w15:author="{NAME}"><w15:presenceInfo '
                        f'w15:providerId="AD" w15:userId="S::aigerim@canarycorp.kz::1"/></w15:person></w15:people>'),
]


def test_docx_loses_authors_company_custom_properties_and_dates() -> None:
    original = _zip(DOCX)
    cleaned = scrub.scrub(original)
    assert cleaned.extension == "docx"
    inflated = _inflated(cleaned.data)
    assert _traces(inflated) == [] and b"canarycorp" not in inflated and b"2026-11-20T09" not in _entries(
        cleaned.data)["docProps/core.xml"]
    assert b"The evidence text stays." in inflated and b"Comment text stays" in inflated
    assert list(_entries(cleaned.data)) == [name for name, _ in DOCX]  # every part kept, in order
    assert {scrub.OFFICE_PEOPLE, scrub.OFFICE_COMPANY, scrub.OFFICE_CUSTOM, scrub.COMMENT_AUTHORS} <= set(cleaned.removed)
    with zipfile.ZipFile(io.BytesIO(cleaned.data)) as archive:  # the local time it was saved is gone too
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_xlsx_comment_authors_are_blanked() -> None:
    xlsx = [("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"),
            ("xl/comments1.xml", f"<comments><authors><author>{NAME}</author></authors><commentList/></comments>"),
            ("docProps/core.xml", f"<cp:coreProperties><dc:creator>{NAME}</dc:creator></cp:coreProperties>")]
    cleaned = scrub.scrub(_zip(xlsx))
    assert cleaned.extension == "xlsx" and _traces(_inflated(cleaned.data)) == []


def test_odt_loses_meta_annotation_authors_and_printer() -> None:
    odt = [
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("meta.xml", f"<office:document-meta><office:meta><meta:initial-creator>{NAME}</meta:initial-creator>"
                     f"<dc:creator>{NAME}</dc:creator></office:meta></office:document-meta>"),
        ("content.xml", f"<office:text><office:annotation><dc:creator>{NAME}</dc:creator><dc:date>2026-11-20"
                        f"</dc:date><text:p>Note stays</text:p></office:annotation></office:text>"),
        ("settings.xml", f'<config:config-item config:name="PrinterName" config:type="string">{COMPANY} HR printer'
                         f'</config:config-item>'),
    ]
    cleaned = scrub.scrub(_zip(odt, stored_first=True))
    assert cleaned.extension == "odt"
    inflated = _inflated(cleaned.data)
    assert _traces(inflated) == [] and b"Note stays" in inflated
    with zipfile.ZipFile(io.BytesIO(cleaned.data)) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED


@pytest.mark.parametrize("data", [
    b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64,  # a video
    b"OggS" + b"\x00" * 64,  # audio
    _zip([("notes.txt", "a plain archive")]),  # an archive: what is inside cannot be checked
    b"\xff\xd8\xff\xe0" + b"\x00" * 20,  # a damaged JPEG
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,  # legacy .doc/.xls
])
def test_what_cannot_be_cleaned_is_said_so(data: bytes) -> None:
    with pytest.raises(scrub.CannotScrub):
        scrub.scrub(data)


def test_an_office_file_that_inflates_too_far_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (scrub.MAX_UNZIPPED_BYTES + 1))
    with pytest.raises(scrub.CannotScrub):
        scrub.scrub(out.getvalue())


def test_plain_text_has_nothing_hidden() -> None:
    cleaned = scrub.scrub("Список: кто, когда, сколько".encode())
    assert cleaned.removed == () and cleaned.extension == "txt"


def test_neutral_names_and_safe_extensions() -> None:
    assert scrub.neutral_name(2, "pdf") == "attachment-2.pdf"
    assert scrub.extension_of("Nurlanovna_Aigerim_complaint.MP4") == "mp4"
    assert scrub.extension_of("no-extension") == "bin"
    assert scrub.extension_of("evil.<script>") == "bin"
