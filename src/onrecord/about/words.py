"""Word lists that type a target by its head noun and find the acts of cue words."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def verb_forms(text: str) -> frozenset[str]:
    """Each regular verb with its -s, -ed and -ing forms ("urge" → urge, urges, urged,
    urging): the pipeline runs without a lemmatizer, so cues are compared as written."""
    forms: set[str] = set()
    for verb in text.split():
        stem = verb[:-1] if verb.endswith("e") else verb
        third = verb + "es" if verb.endswith(("s", "sh", "ch", "x")) else verb + "s"
        if verb.endswith("y") and verb[-2:-1] not in "aeiou":
            third, past = verb[:-1] + "ies", verb[:-1] + "ied"
        else:
            past = verb + "d" if verb.endswith("e") else verb + "ed"
        forms.update((verb, third, past, stem + "ing"))
    return frozenset(forms)


# Head nouns of a description of one person ("the mayor", "a campaign operative").
PERSON_HEADS = words(
    """
    president minister spokesman spokeswoman spokesperson senator governor mayor judge
    leader founder chairman chairwoman chair chief secretary ambassador envoy official
    general commander candidate nominee director head king queen prince premier chancellor
    lawmaker legislator congressman congresswoman representative commissioner officer
    activist journalist reporter lawyer son daughter wife husband mother father man woman
    operative source mogul businessman businesswoman billionaire critic advocate adviser
    advisor aide attorney justice speaker host moderator mate author analyst expert
    stranger
    professor scholar economist diplomat prosecutor chairperson cleric imam pope bishop
    """
)
# Plural nouns for people who do not form one organisation ("voters", "the families").
GROUP_HEADS = words(
    """
    people voters supporters citizens residents members families officials troops soldiers
    veterans workers students women men children refugees migrants immigrants muslims
    christians americans republicans democrats critics protesters protestors journalists
    crowd public community communities population minorities states generals leaders
    lawmakers nations countries survivors victims activists millennials elites donors
    delegates observers experts investigators police cops scientists doctors parents
    """
)
ORGANISATION_HEADS = words(
    """
    government administration ministry department agency party campaign committee
    commission council court parliament congress senate house army military network
    company firm union team service office bureau board organization organisation
    institute university embassy bank alliance bloc coalition authority regime cabinet
    establishment center centre foundation fund corporation newspaper channel station
    pac pacs
    """
)
EVENT_HEADS = words(
    """
    election elections vote poll polls debate debates explosion explosions attack attacks
    blast bombing war talks summit meeting conference forum visit protest protests rally
    rallies strike ceremony trial hearing veto override race crisis incident shooting ad
    ads tweet tweets speech interview collapse tour referendum operation raid crackdown
    assault invasion primary primaries convention inauguration withdrawal ceasefire
    agreement deal scandal investigation holiday festival
    """
)
# Heads that are no target at all: time, quantity and filler nouns.
NOT_TARGETS = words(
    """
    day days week weeks month months year years time times night morning evening afternoon
    percent number lot lots kind sort way ways thing things fact part side moment today
    tomorrow yesterday minute minutes hour hours something anything nothing everything
    someone anyone everyone one ones area areas place end beginning term terms case
    """
)
# Heads that pass the target on to their "of" phrase: "percent of the refugees", "the
# final version of the Clean Power Plan".
TRANSPARENT = words(
    """
    version draft series set part number kind type sort lot piece copy text rest majority
    minority percent percentage half third quarter some most many all one each none
    bulk share handful dozens hundreds thousands millions
    """
)
FIRST_PERSON = words("i me my mine myself we us our ours ourselves")
PERSON_PRONOUNS = words("he him his himself she her hers herself")
THING_PRONOUNS = words("it its itself")
GROUP_PRONOUNS = words("they them their theirs themselves")
RELATIVES = words("that which who whom whose what this these those")

# Named-entity labels that are targets, and the type each gives.
ENTITY_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country",
    "LOC": "country",
    "NORP": "group",
    "EVENT": "event",
    "LAW": "issue",
}
