"""Upload checks by content: renamed executables, oversized files, formats, metadata."""
import io

import pytest
from PIL import Image

from techfest.submissions import images
from tests.submissions.factories import exe_bytes, image_bytes, oversized_jpeg


def test_a_renamed_exe_is_refused_as_not_an_image():
    with pytest.raises(images.ImageRejected) as exc:
        images.process_image(exe_bytes())
    assert exc.value.reason == "not_an_image"


def test_an_image_over_5_mb_is_refused_before_decoding():
    with pytest.raises(images.ImageRejected) as exc:
        images.process_image(oversized_jpeg())
    assert exc.value.reason == "too_large"


def test_a_valid_webp_is_accepted_and_stays_webp():
    out = images.process_image(image_bytes("WEBP", size=(300, 200)))
    assert out.ext == "webp" and (out.width, out.height) == (300, 200)
    assert Image.open(io.BytesIO(out.data)).format == "WEBP"
    assert Image.open(io.BytesIO(out.thumb)).format == "WEBP"


@pytest.mark.parametrize("fmt,ext", [("JPEG", "jpg"), ("PNG", "png")])
def test_jpeg_and_png_are_accepted(fmt, ext):
    assert images.process_image(image_bytes(fmt)).ext == ext


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(fmt):
    with pytest.raises(images.ImageRejected) as exc:
        images.process_image(image_bytes(fmt))
    assert exc.value.reason == "unsupported_format"


def test_a_truncated_png_and_a_pdf_are_refused():
    for data in (image_bytes("PNG", size=(200, 200))[:-40], b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF"):
        with pytest.raises(images.ImageRejected):
            images.process_image(data)


def test_an_empty_file_is_refused():
    with pytest.raises(images.ImageRejected) as exc:
        images.process_image(b"")
    assert exc.value.reason == "empty"


def test_a_decompression_bomb_is_refused():
    # 10000 x 10000 pixels of one colour: a tiny PNG that would take 300 MB to decode.
    data = image_bytes("PNG", size=(10000, 10000), color=(0, 0, 0))
    assert len(data) < images.MAX_BYTES
    with pytest.raises(images.ImageRejected) as exc:
        images.process_image(data)
    assert exc.value.reason == "too_many_pixels"


def test_metadata_is_stripped_and_orientation_applied():
    exif = Image.Exif()
    exif[0x010F] = "Canon"          # camera make
    exif[0x0112] = 6                 # rotated 90°: the stored 400 x 200 picture is 200 x 400 upright
    exif[0x8825] = {1: "N", 2: (20.0, 51.0, 0.0)}  # GPS position
    data = image_bytes("JPEG", size=(400, 200), exif=exif.tobytes())
    out = images.process_image(data)
    stored = Image.open(io.BytesIO(out.data))
    assert (stored.width, stored.height) == (200, 400)
    assert dict(stored.getexif()) == {}
    assert b"Canon" not in out.data


def test_large_pictures_are_shrunk_and_thumbnails_made():
    out = images.process_image(image_bytes("PNG", size=(4000, 1000)))
    assert (out.width, out.height) == (images.MAX_SIDE, 500)
    thumb = Image.open(io.BytesIO(out.thumb))
    assert max(thumb.size) == images.THUMB_SIDE


def test_store_uses_random_names_and_delete_removes_both_files(tmp_path):
    out = images.process_image(image_bytes("PNG"))
    key1 = images.store(tmp_path, "products", out)
    key2 = images.store(tmp_path, "products", out)
    assert key1 != key2 and len(key1) >= 20
    assert images.path_of(tmp_path, "products", key1, "png").read_bytes() == out.data
    assert images.path_of(tmp_path, "products", key1, "png", thumb=True).read_bytes() == out.thumb
    images.delete(tmp_path, "products", key1, "png")
    assert sorted(p.name for p in (tmp_path / "products").iterdir()) == sorted([f"{key2}.png", f"{key2}.thumb.png"])


def test_paths_cannot_escape_the_folder():
    for key in ("../secret", "a/b", "x.y"):
        with pytest.raises(ValueError):
            images.path_of("/tmp", "products", key, "png")
    with pytest.raises(ValueError):
        images.path_of("/tmp", "products", "abc", "exe")
