"""Word lists behind speaker resolution, channels and hedges.

Why a separate module: the rules in ``speakers.py``, ``channels.py`` and ``hedges.py``
are short because the knowledge lives here, in plain sets a reviewer can read and extend
without touching control flow. Everything is lower-case unless said otherwise.
"""
from __future__ import annotations

# ------------------------------------------------------------------------ pronouns

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS | FIRST_PERSON

# ------------------------------------------------------------------- names, titles

MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "father", "brother",
                         "rabbi", "sheikh", "pope", "monsignor"})
FEMALE_TITLES = frozenset({"ms", "ms.", "mrs", "mrs.", "miss", "madam", "dame", "lady",
                           "queen", "princess", "sister"})
NAME_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame"})
"""Honorifics that only ever stand before a person's name ("Mr. King" is a man named
King; "Prime Minister" names nobody)."""
TITLES = MALE_TITLES | FEMALE_TITLES | frozenset("""
dr dr. prof prof. professor gen gen. general sen sen. senator rep rep. representative gov
gov. governor lt lt. col col. colonel sgt sgt. sergeant capt capt. captain cmdr adm adm.
admiral maj maj. major president vice prime minister premier chancellor secretary mayor
judge justice chief coach deputy councillor councilor councilman councilwoman alderman
commissioner superintendent inspector detective constable officer agent ambassador
speaker leader chairman chairwoman chair director attorney sheriff reverend rev rev.
bishop cardinal imam pastor candidate nominee mp mla mpp trustee minister-designate
hon hon. honourable honorable premier-designate former then interim acting
rival fellow longtime veteran embattled spokesman spokeswoman spokesperson
sergeant-at-arms rookie sens sens. reps reps. govs
""".split())
"""Words that precede a name without being part of it ("Surrey Mayor Doug McCallum")."""

MALE_ROLE_WORDS = frozenset({"spokesman", "chairman", "councilman", "congressman",
                             "businessman", "father", "son", "husband", "brother", "man",
                             "boy", "uncle", "actor", "king", "prince", "grandfather",
                             "boyfriend", "nephew", "policeman", "fireman", "sportsman"})
FEMALE_ROLE_WORDS = frozenset({"spokeswoman", "chairwoman", "councilwoman", "congresswoman",
                               "businesswoman", "mother", "daughter", "wife", "sister",
                               "woman", "girl", "aunt", "actress", "queen", "princess",
                               "grandmother", "girlfriend", "niece", "policewoman"})

ROLE_NOUNS = frozenset("""
spokesman spokeswoman spokesperson spokespeople representative official officials
minister president vice-president chairman chairwoman chair director executive ceo cfo
coo founder co-founder owner manager head leader member members mayor governor senator
congressman congresswoman lawmaker legislator councillor councilor commissioner chief
secretary ambassador envoy diplomat adviser advisor aide analyst expert economist
professor researcher scientist lawyer attorney prosecutor judge candidate nominee
strategist consultant organizer organiser activist campaigner commander general officer
soldier fighter militant technician engineer doctor physician nurse teacher student
resident residents witness witnesses victim survivor author writer editor reporter
journalist columnist correspondent producer host anchor coach player captain manager
chancellor premier mp mla mpp trustee partner president-elect pastor priest imam rabbi
bishop pope sheriff deputy inspector detective constable agent negotiator mediator
historian scholar politician veteran pilot driver worker workers employee employees
staff staffer staffers operative volunteer fan fans parent parents mother father
assistant counsel administrator superintendent principal dean provost fellow
retiree accountant farmer entrepreneur artist designer dancer choreographer chef
musician singer athlete goalie goaltender defenceman defenseman forward winger
advocate economist banker broker investor landlord tenant homeowner shopkeeper
proprietor publisher creator filmmaker director playwright novelist poet photographer
shooter gunman suspect accused defendant plaintiff complainant applicant
""".split())
"""Head nouns of a role or affiliation ("YPG spokesman", "a former communications technician")."""

NAME_PARTICLES = frozenset({"de", "da", "del", "della", "der", "den", "di", "du", "la", "le",
                            "van", "von", "bin", "ibn", "al", "el", "st.", "mac", "y", "dos",
                            "das", "ter", "ten", "abu", "bint"})
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})

NOT_NAMES = frozenset("""
the a an this that these those it he she they we i you his her their our my its there
here but and or if when while as so yet after before since because although though
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december mr mrs ms dr
on in at for with from by of to out over under during despite until some all many most
both several few other others another one every each no not what who how why where just
even only then now still also meanwhile however instead later earlier last next first
today yesterday tomorrow photo file getty images ap afp reuters cp source sources
perhaps maybe indeed certainly clearly surely probably possibly apparently unfortunately
fortunately sadly luckily hopefully ironically notably obviously interestingly finally
eventually initially originally recently currently thus therefore hence besides moreover
furthermore nevertheless nonetheless otherwise is are was were does did has have had could
would should might must
""".split())
"""Capitalised words that cannot start a person's name (sentence-initial function words,
days, months)."""

ORG_WORDS = frozenset("""
ministry department office agency commission committee council court police army forces
force military navy government administration campaign party union association
federation league university college institute school hospital company corporation corp
corp. inc inc. ltd ltd. llc group bank fund foundation board authority service services
organization organisation network news times post journal press tribune herald gazette
telegraph guardian reuters bloomberg magazine daily weekly radio tv television channel
station studio center centre club team commission senate house congress parliament
assembly cabinet bureau embassy consulate coalition alliance movement front brigade
regiment battalion unit division state states city county province municipality
district region church mosque temple society trust partners industries holdings
airlines motors systems technologies labs laboratories media press co co. cos plc bancorp echo
""".split())
"""Words that make a capitalised run an organisation ("Turkish Army", "CTV News")."""

ORG_DESCRIPTIONS = frozenset("""
company firm agency ministry department government administration campaign city
province state police force army military party union association organization
organisation group council committee board commission court hospital university school
network newspaper paper station team club bank fund foundation office authority
service regulator watchdog diocese archdiocese church commission institute panel
department province union
""".split())
"""Heads of definite descriptions that refer back to an organisation ("the company")."""

DOCUMENT_WORDS = frozenset("""
report statement memo memorandum letter study survey document documents filing filings
poll polls analysis video footage release data book article tweet tweets post posts
complaint lawsuit suit ruling order email emails e-mail records record findings
indictment affidavit transcript audit review paper website site blog editorial column
op-ed petition bill law legislation resolution decision judgment verdict notice
advisory guidance guidelines figures numbers statistics research investigation
inquiry probe testimony survey announcement
""".split())
"""Heads of document-like sources ("the memo", "a report in The Globe and Mail")."""

ANONYMOUS_WORDS = frozenset("""
source sources insider insiders person people official officials aide aides diplomat
diplomats officer officers someone employee employees staffer staffers
""".split())
"""Heads that leave the speaker unnamed ("a source", "officials", "one aide")."""

ANONYMITY_PHRASES = (
    "not to be named", "not to be identified", "not be named", "not be identified",
    "condition of anonymity", "on background", "declined to be named",
    "declined to be identified", "refused to be named", "familiar with",
    "not authorized to", "not authorised to", "requested anonymity", "asked for anonymity",
    "requested that", "close to the", "with knowledge of", "direct knowledge of", "briefed on",
)
"""Phrases that mark a source as deliberately anonymous."""

PSEUDONYM_PATTERNS = (
    r"(?:going|goes|went|who\s+goes|who\s+went)\s+by\s+the\s+(?:pseudonym|name|alias|nom\s+de\s+guerre)",
    r"(?:using|under|with|given)\s+the\s+(?:pseudonym|alias|assumed\s+name|name)",
    r"(?:a|the)\s+pseudonym",
    r"not\s+(?:his|her|their)\s+real\s+name",
    r"(?:whose|his|her)\s+name\s+has\s+been\s+changed",
    r"name\s+(?:has\s+been|was)\s+changed",
)
"""Ways articles mark a name as a pseudonym ("going by the pseudonym 'Sherko Omer'")."""

GROUP_HEADS_CAPITALISED = frozenset({"kurds", "americans", "democrats", "republicans",
                                     "liberals", "conservatives", "palestinians", "israelis",
                                     "syrians", "canadians", "europeans", "tories"})

# ---------------------------------------------------------------------- first names
# A small list for gender when the article gives no title, role word or pronoun. It is
# deliberately short: the article's own evidence comes first (see speakers.py).
MALE_FIRST_NAMES = frozenset("""
james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
tyler aaron jose adam nathan henry douglas zachary peter kyle noah ethan jeremy walter
christian keith roger terry austin sean gerald carl harold dylan arthur lawrence jordan
jesse bryan billy bruce gabriel joe logan alan juan albert willie elijah wayne randy
vincent mason roy ralph bobby russell bradley philip eugene bernie mike tom bill jim
bob ted newt marco rand ben chris mitch harry barack vladimir boris emmanuel recep
bashar xi hassan ali omar mohammed muhammad ahmed ahmad abdullah hamid karim khalid tariq
jean pierre francois justin doug dave tim josh andre jeff jim
shinzo narendra nawaz reince corey
""".split())
FEMALE_FIRST_NAMES = frozenset("""
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa
deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna
brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn
janet ruth maria heather diane virginia julie joyce victoria olivia kelly christina
lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria
ann teresa kathryn sara janice jean alice madison doris abigail julia judy grace denise
amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella
charlotte rose alexis kayla hillary chelsea nikki sheryl kellyanne huma ivanka melania
michele marine wendy alison caroline cindy jane joanna lucy ellen
""".split())
FIRST_NAMES = MALE_FIRST_NAMES | FEMALE_FIRST_NAMES

DEMONYMS = frozenset("""
american syrian turkish kurdish british english french german russian chinese iranian
iraqi israeli palestinian canadian mexican european african asian arab muslim christian
jewish ukrainian afghan pakistani indian saudi egyptian lebanese japanese korean
australian irish scottish welsh italian spanish greek polish dutch swedish cuban yemeni
libyan nigerian somali sunni shia shiite catholic protestant democratic republican
liberal conservative
""".split())
"""Adjectives that make "Syrian Kurds" a group rather than a person."""

PLACES = frozenset(p.strip().lower() for p in """
Alabama, Alaska, Arizona, Arkansas, California, Colorado, Connecticut, Delaware, Florida,
Georgia, Hawaii, Idaho, Illinois, Indiana, Iowa, Kansas, Kentucky, Louisiana, Maine,
Maryland, Massachusetts, Michigan, Minnesota, Mississippi, Missouri, Montana, Nebraska,
Nevada, New Hampshire, New Jersey, New Mexico, New York, North Carolina, North Dakota, Ohio,
Oklahoma, Oregon, Pennsylvania, Rhode Island, South Carolina, South Dakota, Tennessee,
Texas, Utah, Vermont, Virginia, Washington, West Virginia, Wisconsin, Wyoming,
Alberta, British Columbia, Manitoba, New Brunswick, Newfoundland, Labrador, Nova Scotia,
Ontario, Prince Edward Island, Quebec, Saskatchewan, Yukon, Nunavut, Northwest Territories,
Canada, United States, America, Mexico, Britain, Great Britain, United Kingdom, England,
Scotland, Wales, Ireland, Northern Ireland, France, Germany, Italy, Spain, Portugal,
Russia, Ukraine, China, Japan, India, Pakistan, Iran, Iraq, Syria, Turkey, Israel, Egypt,
Saudi Arabia, North Korea, South Korea, Australia, New Zealand, Brazil, Argentina,
Venezuela, Cuba, Afghanistan, Malaysia, Indonesia, Philippines, Vietnam, Nigeria,
South Africa, Kenya, Europe, Asia, Africa, Latin America, Middle East,
New York City, Los Angeles, San Francisco, San Jose, Las Vegas, New Orleans, Fort Wayne,
Fort McMurray, St. Louis, St. John's, Hong Kong, Kuala Lumpur, Tel Aviv, Buenos Aires,
Rio de Janeiro, Mexico City, Quebec City, Thunder Bay, Prince George, Red Deer,
Capitol Hill, Parliament Hill, Wall Street, Silicon Valley, Bay Street, White House
""".replace("\n", " ").split(","))
"""Well-known places written like two-word names ("New York", "West Virginia"), which a
pronoun must not take for a person."""
