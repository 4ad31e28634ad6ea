"""How long the renditions of a 12-megapixel JPEG take (not part of the test suite).

Run: DJANGO_DEBUG=true .venv/bin/python bench/bench_renditions.py [--runs 5]
It makes a 4000×3000 JPEG with Pillow (gradients, soft shapes and sensor-like noise, so the
encoders work as hard as on a real photo), then times, separately and best of N runs:
validation (decode, orientation, metadata stripping), the re-encoded original, and all
renditions (5 widths × WebP and JPEG, the 1200×630 share crop, the square crop); and, apart,
re-rendering from the stored original as `generate_renditions` does. Wall time depends on
what else the machine runs; CPU time (of all threads) is printed beside it.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from articles.images.renditions import encode_original, render, rendition_specs  # noqa: E402
from articles.images.validation import validate_upload  # noqa: E402


def photo_like_jpeg(width=4000, height=3000):
    """A JPEG with the structure of a photo: smooth areas, edges and fine noise."""
    red = Image.linear_gradient("L").resize((width, height))
    blue = red.transpose(Image.Transpose.ROTATE_90).resize((width, height))
    green = Image.radial_gradient("L").resize((width, height))
    picture = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(picture)
    for i in range(60):
        x, y = (i * 397) % width, (i * 211) % height
        draw.ellipse((x, y, x + 300 + i * 7, y + 200 + i * 5), fill=(i * 4, 255 - i * 4, i * 2))
    picture = picture.filter(ImageFilter.GaussianBlur(3))
    # Sensor noise at the level of a phone photo in indoor light: what makes real JPEGs heavy.
    noise = Image.merge("RGB", [Image.effect_noise((width, height), 64) for _ in range(3)])
    picture = Image.blend(picture, noise, 0.2)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def timed(function, *args, **kwargs):
    """(result, wall seconds, CPU seconds of this process)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start, time.process_time() - start_cpu


def render_all(decoded):
    return list(render(decoded.picture, rendition_specs(decoded.width), focal=(0.4, 0.3)))


def rerender_from_original(original):
    """What generate_renditions does: decode the stored original (JPEG draft) and render."""
    with Image.open(io.BytesIO(original)) as stored:
        width = stored.width
        stored.draft("RGB", (1920, round(stored.height * 1920 / stored.width)))
        stored.load()
        return list(render(stored, rendition_specs(width), focal=(0.4, 0.3)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = photo_like_jpeg()
    print(f"input: 4000x3000 JPEG, {len(data) / 1e6:.1f} MB, {os.cpu_count()} CPUs")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    figures = {"validate": [], "original": [], "renditions": [], "re-render": []}
    for _ in range(args.runs):
        decoded, *seconds = timed(validate_upload, io.BytesIO(data))
        figures["validate"].append(seconds)
        (original, _), *seconds = timed(encode_original, decoded.picture, decoded.source_format)
        figures["original"].append(seconds)
        made, *seconds = timed(render_all, decoded)
        figures["renditions"].append(seconds)
        _, *seconds = timed(rerender_from_original, original)
        figures["re-render"].append(seconds)
    for name, values in figures.items():
        walls, cpus = [v[0] for v in values], [v[1] for v in values]
        print(
            f"{name:>11}: wall best {min(walls):.3f} s, median {statistics.median(walls):.3f} s;"
            f" CPU best {min(cpus):.3f} s"
        )
    upload = [figures["validate"], figures["original"], figures["renditions"]]
    wall = sum(min(v[0] for v in values) for values in upload)
    cpu = sum(min(v[1] for v in values) for values in upload)
    print(
        f"{'all':>11}: wall best {wall:.3f} s, CPU best {cpu:.3f} s (validate+original+renditions)"
    )
    print(f"{len(made)} renditions, {sum(len(b) for _, b, _ in made) / 1e6:.2f} MB in all:")
    for spec, body, size in made:
        print(f"  {spec.key:<12} {size[0]}x{size[1]:<5} {len(body) / 1000:8.1f} kB")


if __name__ == "__main__":
    main()
