"""Given names and their common short forms, for :func:`netgraph.identity.names.match_key`.

Each line is a formal given name and the short forms people go by in English-speaking
workplaces. A short form listed under two formal names ("Chris": Christopher and Christina,
"Alex": Alexander and Alexandra) belongs to neither: it could be either person, so it never
joins two records on its own. The table is deliberately small and modern (genealogical lists
such as "Bill" for Frederick would join strangers).
"""

from __future__ import annotations

_GROUPS = """
abigail: abby abbie
albert: bert
alexander: alex sasha xander
alexandra: alex sasha lexi
alfred: alf alfie fred
andrew: andy drew
anthony: tony
barbara: barb babs
benjamin: ben benji benny
bradley: brad
charles: charlie chuck chas
christina: chris tina
christopher: chris topher kit
cynthia: cindy
daniel: dan danny
david: dave davey
deborah: debbie deb
dominic: dom
donald: don donnie
dorothy: dot dottie
douglas: doug
edward: ed eddie ted ned
elizabeth: liz lizzie beth betty betsy eliza libby
emily: em emmy
eugene: gene
frances: fran frankie
francis: frank
frederick: fred freddie
gabriel: gabe
gerald: gerry jerry
gregory: greg
harold: hal harry
henry: hank
isabella: bella izzy
jacob: jake
james: jim jimmy jamie
jennifer: jen jenny
jessica: jess jessie
jonathan: jon jonny
john: johnny jack
joseph: joe joey
joshua: josh
judith: judy
katherine: catherine kathryn kate katie kathy kat cathy
kenneth: ken kenny
lawrence: larry
leonard: leo len lenny
margaret: maggie meg peggy marge
matthew: matt matty
michael: mike mikey mick
nathaniel: nate nat
nicholas: nick nicky
olivia: liv
pamela: pam
patricia: pat patty trish
patrick: pat paddy
peter: pete
philip: phil
rebecca: becky becca
richard: rich rick ricky dick
robert: rob bob bobby robbie
ronald: ron ronnie
samantha: sam sammy
samuel: sam sammy
stephen: steven steve stevie
susan: sue susie
theodore: theo ted teddy
thomas: tom tommy
timothy: tim timmy
victoria: vicky tori
vincent: vince vinny
william: will bill billy liam willy
zachary: zach zack
"""


def _short_forms() -> dict[str, str]:
    """Each unambiguous short form -> its formal name (each formal name -> itself)."""
    owners: dict[str, set[str]] = {}
    for line in _GROUPS.strip().splitlines():
        formal, _, short = line.partition(":")
        owners.setdefault(formal.strip(), set()).add(formal.strip())
        for name in short.split():
            owners.setdefault(name, set()).add(formal.strip())
    return {name: next(iter(formal)) for name, formal in owners.items() if len(formal) == 1}


#: short form (or formal name) -> formal name, for the short forms that name one formal name
FORMAL_NAME: dict[str, str] = _short_forms()
