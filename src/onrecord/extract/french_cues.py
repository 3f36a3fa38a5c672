"""The French words that report speech: verbs of saying (every finite and participle
form), nouns of saying, the "selon X" family, and the words that may stand between them.

Forms are listed as well as lemmas because the small French pipeline often tags an
inverted verb ("ajoute-t-il") as an adjective or noun and then lemmatizes it wrongly;
the form alone is enough to know the word.
"""

from __future__ import annotations

from spacy.tokens import Token

__all__ = [
    "ACCORDING",
    "AUXILIARIES",
    "CLITIC_SUBJECTS",
    "NOUN_CUES",
    "QUE",
    "ROLE_NOUNS",
    "TIME_WORDS",
    "is_speech_noun",
    "is_speech_verb",
]


def _words(listed: str) -> list[str]:
    return listed.split()


# Regular -er verbs of saying; their forms are generated below.
_ER_VERBS = _words(
    "déclarer affirmer ajouter estimer souligner indiquer expliquer préciser assurer "
    "dénoncer rejeter appeler annoncer confier raconter insister marteler lancer "
    "commenter confirmer juger considérer regretter déplorer rappeler noter observer "
    "répéter tweeter fustiger accuser nier plaider demander exhorter réclamer exiger "
    "résumer relever avancer protester répliquer rétorquer témoigner signaler "
    "mentionner ironiser s'exclamer glisser lâcher interroger"
)

# Verbs whose forms do not follow the -er pattern, with the forms news writing uses.
_IRREGULAR = {
    "dire": "dit dis disent disait disaient dira diront dirait dite dites",
    "répondre": "répond répondent répondu répondait répondra répondit",
    "reconnaître": "reconnaît reconnait reconnaissent reconnu reconnue reconnaissait reconnut",
    "admettre": "admet admettent admis admise admettait admit",
    "promettre": "promet promettent promis promise promettait promit",
    "avertir": "avertit avertissent averti avertissait avertira",
    "prévenir": "prévient préviennent prévenu prévenait préviendra prévint",
    "réagir": "réagit réagissent réagi réagissait réagira",
    "poursuivre": "poursuit poursuivent poursuivi poursuivait poursuivra poursuivit",
    "conclure": "conclut concluent conclu conclue concluait",
    "écrire": "écrit écrivent écrite écrivait écrira écrivit",
    "démentir": "dément démentent démenti démentait démentira",
    "rejeter": "rejette rejettent rejetait rejeté rejetée rejeta rejettera",
    "appeler": "appelle appellent appelait appelé appelée appela appellera",
    "rappeler": "rappelle rappellent rappelait rappelé rappela rappellera",
    "répéter": "répète répètent répétait répété répéta répétera",
    "considérer": "considère considèrent considérait considéré considéra",
    "marteler": "martèle martèlent martelait martelé martela",
    "dénoncer": "dénonce dénoncent dénonçait dénoncé dénonça dénoncera",
    "lancer": "lance lancent lançait lancé lança",
    "avancer": "avance avancent avançait avancé avança",
    "annoncer": "annonce annoncent annonçait annoncé annonça annoncera",
}

# Verbs of saying in the lexicon that are too common in other senses to be cues by
# form alone ("appeler" a number, "lancer" a programme): they need a quote or "que".
WEAK_VERBS = frozenset({"appeler", "lancer", "avancer", "poursuivre", "relever", "glisser"})


def _er_forms(lemma: str) -> set[str]:
    stem = lemma.removeprefix("s'")[:-2]
    endings = ("e", "ent", "é", "ée", "és", "ées", "ait", "aient", "a", "èrent", "era", "eront")
    # "juger" → "jugeait", "jugea": a soft g keeps its e before a and o.
    soft = "e" if stem.endswith("g") else ""
    return {stem + (soft if ending[0] == "a" else "") + ending for ending in endings}


def _build_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for lemma in _ER_VERBS:
        if lemma not in _IRREGULAR:
            for form in _er_forms(lemma):
                forms.setdefault(form, lemma.removeprefix("s'"))
    for lemma, listed in _IRREGULAR.items():
        for form in listed.split():
            forms[form] = lemma
    return forms


VERB_FORMS = _build_forms()
VERB_LEMMAS = frozenset(VERB_FORMS.values())

NOUN_CUES = frozenset(
    _words(
        "déclaration déclarations propos communiqué message réaction réponse "
        "avertissement affirmation affirmations annonce tweet"
    )
)
# "selon X", "d'après X", and "pour X" (only at the head of a sentence: "Pour le député, …").
ACCORDING = frozenset({"selon", "d'après", "d’après"})
# Who may stand after "Pour" at the head of a sentence and be a source ("Pour le député, …").
ROLE_NOUNS = frozenset(
    _words(
        "ministre porte-parole président présidente député députée sénateur sénatrice "
        "maire ambassadeur ambassadrice diplomate expert experte analyste avocat avocate "
        "chercheur chercheuse responsable secrétaire directeur directrice chef procureur "
        "procureure juge gouvernement ministère syndicat opposition parti ong association "
        "élysée"
    )
)
QUE = frozenset({"que", "qu'", "qu’"})
AUXILIARIES = frozenset(
    _words("a ont avait avaient aura auront aurait auraient est sont était s' s’ se eut")
)
CLITIC_SUBJECTS = frozenset({"il", "elle", "ils", "elles", "on"})
# Words after a cue that tell when, not who: "a déclaré mardi le ministre".
TIME_WORDS = frozenset(
    _words(
        "lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd'hui aujourd’hui "
        "matin soir midi dernier dernière veille lendemain"
    )
)


def speech_lemma(token: Token) -> str | None:
    """The verb of saying ``token`` is a form of, if it is one."""
    lower = token.lower_.lstrip("-")
    lemma = VERB_FORMS.get(lower)
    if lemma is not None:
        # "le juge", "une note", "l'avance": a form after a determiner is a noun.
        previous = token.nbor(-1) if token.i > 0 else None
        if previous is not None and previous.pos_ == "DET" and token.pos_ in ("NOUN", "PROPN"):
            return None
        return lemma
    if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in VERB_LEMMAS:
        return token.lemma_.lower()
    return None


def is_speech_verb(token: Token, strong_only: bool = False) -> bool:
    """Whether ``token`` is a verb of saying; ``strong_only`` leaves out the weak ones."""
    lemma = speech_lemma(token)
    return lemma is not None and not (strong_only and lemma in WEAK_VERBS)


def is_speech_noun(token: Token) -> bool:
    return token.lower_ in NOUN_CUES and token.pos_ in ("NOUN", "PROPN")
