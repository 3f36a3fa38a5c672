"""``/api/people`` and ``/api/organisations``: who speaks, under which names and roles."""

from __future__ import annotations

from fastapi import APIRouter

from onrecord.api import service
from onrecord.api.deps import CorpusDep, Limit, Offset, Text, clean_text
from onrecord.api.routers.common import ERRORS, NOT_FOUND
from onrecord.api.schemas import PersonAbout, PersonDetail, PersonPage

people = APIRouter(prefix="/api/people", tags=["people"], responses=ERRORS)
organisations = APIRouter(prefix="/api/organisations", tags=["organisations"], responses=ERRORS)


@people.get("", response_model=PersonPage, summary="List people, most mentioned first")
def list_people(
    corpus: CorpusDep, q: Text = None, limit: Limit = 50, offset: Offset = 0
) -> PersonPage:
    return service.entities_page(corpus, "person", clean_text(q), limit, offset)


@people.get(
    "/{person_id}",
    response_model=PersonDetail,
    responses=NOT_FOUND,
    summary="One person: names and aliases, roles over time, affiliation, statements",
)
def get_person(
    corpus: CorpusDep, person_id: str, limit: Limit = 100, offset: Offset = 0
) -> PersonDetail:
    return service.entity_detail(corpus, person_id, "person", limit, offset)


@people.get(
    "/{person_id}/about",
    response_model=PersonAbout,
    responses=NOT_FOUND,
    summary="One person's statements grouped by what they are about, biggest groups first",
)
def get_person_about(corpus: CorpusDep, person_id: str) -> PersonAbout:
    return service.entity_about(corpus, person_id, "person")


@organisations.get("", response_model=PersonPage, summary="List organisations")
def list_organisations(
    corpus: CorpusDep, q: Text = None, limit: Limit = 50, offset: Offset = 0
) -> PersonPage:
    return service.entities_page(corpus, "organisation", clean_text(q), limit, offset)


@organisations.get(
    "/{organisation_id}",
    response_model=PersonDetail,
    responses=NOT_FOUND,
    summary="One organisation: names, statements",
)
def get_organisation(
    corpus: CorpusDep, organisation_id: str, limit: Limit = 100, offset: Offset = 0
) -> PersonDetail:
    return service.entity_detail(corpus, organisation_id, "organisation", limit, offset)


@organisations.get(
    "/{organisation_id}/about",
    response_model=PersonAbout,
    responses=NOT_FOUND,
    summary="One organisation's statements grouped by what they are about",
)
def get_organisation_about(corpus: CorpusDep, organisation_id: str) -> PersonAbout:
    return service.entity_about(corpus, organisation_id, "organisation")
