"""The QR code an authenticator app scans, as a data: URL for an <img> (no inline script)."""

import base64
import io

import qrcode
import qrcode.image.svg


def qr_data_url(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
