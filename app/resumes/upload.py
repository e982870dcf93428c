"""Reading an upload: a multipart file, or JSON text. Decoding only; the rules live elsewhere."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import msgspec
from litestar import Request
from litestar.plugins.problem_details import ProblemDetailsException

from app.core.errors import BadRequest, Unprocessable
from app.core.forms import file_form, form_flag, invalid
from app.resumes.extraction import normalise_text
from app.resumes.extraction.sandbox import Extractor
from app.resumes.schemas import ResumeTextIn

# The multipart envelope around a 5 MiB file, with room to spare; larger bodies are 413.
MAX_BODY_BYTES = 6 * 1024 * 1024
_FORM_FIELDS = {"file", "customName", "showInCentral"}
_WRONG_TYPE = "Send multipart/form-data with a file, or application/json"
# nginx's status for a request whose client hung up: logged, never read by anyone.
CLIENT_CLOSED_REQUEST = 499

T = TypeVar("T")


class Upload(msgspec.Struct, frozen=True):
    custom_name: str
    raw_text: str
    show_in_central: bool
    # The resume's `source`: "upload" for a file, "text" for JSON.
    source: str


async def read_upload(request: Request[Any, Any, Any]) -> Upload:
    """The upload's name, text and flag; a file is read in the extraction sandbox."""
    if request.content_type[0] == "application/json":
        return _from_json(await request.body())
    return await _from_form(request)


def _from_json(body: bytes) -> Upload:
    try:
        data = msgspec.json.decode(body, type=ResumeTextIn)
    except msgspec.ValidationError as exc:
        raise invalid("body", str(exc)) from exc
    except msgspec.DecodeError as exc:
        raise BadRequest("The body is not valid JSON") from exc
    text = normalise_text(data.raw_text)
    if not text:
        raise Unprocessable("no extractable text")
    return Upload(data.custom_name, text, data.show_in_central, "text")


async def _from_form(request: Request[Any, Any, Any]) -> Upload:
    form, upload = await file_form(request, _FORM_FIELDS, wrong_type=_WRONG_TYPE)
    name = form.get("customName")
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 200:
        raise invalid("customName", "Required, 1 to 200 characters")
    if "\x00" in name:
        raise invalid("customName", "Must not contain NUL characters")
    show_in_central = form_flag(form, "showInCentral")
    data = await upload.read()
    extractor: Extractor = request.app.state.extractor
    text = await unless_client_leaves(request, extractor.extract(data, upload.filename))
    return Upload(name.strip(), text, show_in_central, "upload")


async def unless_client_leaves(request: Request[Any, Any, Any], work: Coroutine[Any, Any, T]) -> T:
    """`work`'s result, or `work` cancelled (its extraction process killed) once the client
    hangs up: nobody would read the answer, and ASGI servers do not cancel handlers."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_client_left(request))
    try:
        await asyncio.wait((task, watcher), return_when=asyncio.FIRST_COMPLETED)
    finally:
        task.cancel()  # no-op when done; either way its clean-up has run once gather returns
        watcher.cancel()
        await asyncio.gather(task, watcher, return_exceptions=True)
    if task.cancelled():  # (a problem with its detail set: 499 has no standard phrase)
        raise ProblemDetailsException(
            status_code=CLIENT_CLOSED_REQUEST, title="The client left", detail="The client left"
        )
    return task.result()


async def _client_left(request: Request[Any, Any, Any]) -> None:
    """Returns when the client disconnects. The body has been read, so the server's next
    message is the disconnect; anything else means a server that will not tell us."""
    message = await request.receive()
    if message["type"] != "http.disconnect":
        await asyncio.get_running_loop().create_future()  # wait to be cancelled; never spin
