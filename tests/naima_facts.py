"""Naima's story, decided once: the one table every lesson and course/case.toml must agree with.

Each fact says what is true, where it must be told (lesson id, or "case" for case.toml;
the text searched is that lesson's prose and case panels, or the whole case file), and
the wordings that would contradict it anywhere in the course. `FIGURES` lists every
number Naima's story may use, with what it means: a number in a case panel or in
case.toml that is not in the table is a new figure nobody has checked against the rest.
Matching is case-insensitive and ignores line breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fact:
    id: str
    statement: str
    told: dict[str, tuple[str, ...]]  # where -> phrases that must appear there
    never: tuple[str, ...] = field(default=())  # phrases that must appear nowhere


FACTS: tuple[Fact, ...] = (
    Fact("origin", "Naima worked ten years as a project manager in a city office",
         {"welcome": ("ten years as a project manager",), "customer-segments": ("ten years",),
          "case": ("ten years as a project manager",)}),
    Fact("name", "The business is called Naima's Work Wardrobe",
         {"welcome": ("Naima's Work Wardrobe",), "case": ("Naima's Work Wardrobe",)}),
    Fact("segments", "Two segments: busy professional women aged 28 to 50, and women starting "
         "a new job, changing career or coming back after parental leave",
         {"customer-segments": ("aged 28 to 50", "starting a new job, changing career or "
                                "coming back after parental leave"),
          "your-canvas": ("28 to 50", "starting a new job, changing career or coming back "
                          "after parental leave"),
          "case": ("28 to 50", "starting a new job, changing career or coming back after "
                   "parental leave")}),
    Fact("market", "About 40,000 women within a 30-minute ride; they named 1,000 to 2,000 EUR "
         "a year on work clothes, and Naima took a careful 1,200 EUR (100 EUR a month); "
         "48 million EUR top-down",
         {"customer-segments": ("about 40,000", "between 1,000 and 2,000 eur",
                                "careful 1,200 eur", "48 million eur"),
          "revenue-streams": ("between 1,000 and 2,000 eur", "careful 1,200 eur",
                              "100 eur a month"),
          "case": ("about 40,000", "careful 1,200 eur", "1,000 to 2,000 eur")},
         never=("said they spent about 1,200",)),
    Fact("mvp", "The trial: about 40 pieces, 25 women, three months, 18 stayed as paying "
         "members; EU sizes 42 to 46 were in demand",
         {"value-propositions": ("about 40 pieces", "25 women", "three months",
                                 "18 of the 25", "eu sizes 42 to 46"),
          "case": ("25 women", "18 of the 25", "eu sizes 42 to 46")}),
    Fact("collection", "About 600 pieces at about 120 EUR each (some 72,000 EUR), each "
         "rented about 20 times; they serve about 130 members at once",
         {"customer-segments": ("about 600 pieces", "about 130"),
          "key-resources": ("about 600 pieces",),
          "cost-structure": ("120 eur", "72,000 eur", "about 20 times", "130 members"),
          "case": ("about 600 pieces", "130 members")}),
    Fact("prices", "Essential: 3 pieces for 59 EUR; Executive: 6 pieces for 99 EUR",
         {"revenue-streams": ("3 pieces a month for 59 eur", "6 pieces a month for 99 eur"),
          "your-canvas": ("3 pieces for 59 eur", "6 pieces for 99 eur"),
          "case": ("3 pieces, 59 eur", "6 pieces, 99 eur")}),
    Fact("members", "A normal month: 100 Essential and 30 Executive members; subscriptions "
         "bring about 8,870 EUR",
         {"revenue-streams": ("100 essential and 30 executive", "8,870 eur"),
          "case": ("100 essential and 30 executive",)}),
    Fact("damage-cover", "Optional damage cover, 5 EUR a month, added because nearly every "
         "woman in her trial asked about damage",
         {"revenue-streams": ("5 eur a month", "nearly every woman in her trial"),
          "case": ("damage cover of 5 eur a month", "trial members had asked")},
         never=("one reason for her optional damage cover",)),
    Fact("stylist", "A freelance partner stylist leads the monthly after-work meet-up (250 "
         "EUR each) and gives one-to-one sessions members book on Naima's website: 60 EUR, "
         "45 EUR to the stylist, 15 EUR commission to Naima",
         {"key-partners": ("250 eur for each", "60 eur", "receives 45 eur", "keeps 15 eur"),
          "revenue-streams": ("60 eur", "receives 45 eur", "keeps 15 eur as a commission"),
          "customer-relationships": ("one-to-one session with the", "stylist"),
          "value-propositions": ("monthly meet-ups and in one-to-one sessions",),
          "case": ("fee of 250 eur for each meet-up", "60 eur", "45 eur", "15 eur")},
         never=("only one evening a month", "this is her key partner")),
    Fact("cleaning", "A partner dry cleaner cleans every returned piece, a local tailor does "
         "small repairs, and Naima checks every piece herself",
         {"key-activities": ("partner dry cleaner", "local tailor", "checks every piece "
                             "herself"),
          "key-partners": ("partner dry cleaner", "local tailor", "checks every piece "
                           "herself"),
          "case": ("partner dry cleaner", "local tailor")},
         never=("naima checks, cleans and repairs", "clean, steam and store",
                "i clean, repair and check", "she cleans every", "naima cleans",
                "cleaning, repairing and checking every returned piece")),
    Fact("depends-most", "The partner Naima depends on most is the dry cleaner; the stylist "
         "is the one members see most",
         {"key-partners": ("the dry cleaner is the partner she depends on most",
                           "members see this partner more than any other"),
          "case": ("the dry cleaner would hurt most",)}),
    Fact("personal-help", "Naima answers members' questions herself, by message",
         {"customer-relationships": ("answers questions by message herself",),
          "channels": ("ask naima for advice by message",),
          "case": ("answers questions by message herself",)},
         never=("questions by email herself",)),
    Fact("meet-ups", "The after-work meet-ups are monthly; about 20 members come",
         {"relationship-types": ("once a month", "about 20 members"),
          "key-activities": ("monthly after-work meet-up",),
          "your-canvas": ("monthly after-work meet-ups",),
          "case": ("every month, and about 20 members come",)},
         never=("held her first after-work meet-up",)),
    Fact("community-origin", "In her first months, members shared photos of their outfits "
         "and told colleagues about the service without being asked",
         {"customer-relationships": ("shared photos of their", "without being asked"),
          "relationship-types": ("shared photos of their", "without being asked")},
         never=("her best members talked about the service to friends",)),
    Fact("community", "The #WornAgainAtWork hashtag, a monthly giveaway of a free month for "
         "the best post; the community takes about a day a week",
         {"customer-relationships": ("#wornagainatwork", "free month"),
          "relationship-types": ("#wornagainatwork", "one free month", "a day a week"),
          "key-activities": ("about a day a week",),
          "case": ("#wornagainatwork", "about one day a week")}),
    Fact("strongest-channel", "Word of mouth is the strongest channel: about half of new "
         "members come through a colleague, a friend or a member's post",
         {"channels": ("word of mouth is her strongest channel", "about half of new members"),
          "relationship-types": ("about half", "new members"),
          "your-canvas": ("word of mouth", "about half of my new members"),
          "case": ("word of mouth is the strongest channel", "about half of new members")}),
    Fact("courier", "The courier serves the delivery phase: it brings and collects the box",
         {"channels": ("collects the box at the end of the month. both trips are part of "
                       "delivering a rental",),
          "case": ("the same courier collects the box",)},
         never=("after-sales:** the courier",)),
    Fact("cost-per-member", "One Essential member costs 51 EUR a month (18 clothes, 13 "
         "cleaning and repairs, 10 delivery, 10 fixed share of 1,300 EUR); 8 EUR is left",
         {"cost-structure": ("| 18 |", "| 13 |", "| 10 |", "**51**", "1,300 eur",
                             "only 8 eur is left"),
          "case": ("about 51 eur a month", "only 8 eur is left")}),
    Fact("month", "A normal month: 9,700 EUR in, 7,560 EUR out, 2,140 EUR left before Naima "
         "pays herself",
         {"revenue-streams": ("**9,700**", "**7,560**", "2,140 eur a month"),
          "cost-structure": ("9,700 eur in, 7,560 eur out, 2,140 eur left",),
          "your-canvas": ("2,140 eur",),
          "case": ("9,700 eur", "7,560 eur", "2,140 eur")}),
)

# Every number Naima's story may use, and what it means.
FIGURES: dict[str, str] = {
    "1": "about 1 EUR of repairs per Essential member; 1 in 10 / 1 in 300 shares",
    "2": "two segments",
    "3": "Essential pieces; three months of trial",
    "4": "cleaning EUR per piece",
    "5": "damage cover, EUR a month; per-member fixed share at 260 members; five women asked",
    "6": "Executive pieces; EUR of clothing used per rental",
    "8": "EUR left per Essential member",
    "10": "ten years; delivery EUR per box; fixed share per member; pieces sold a month",
    "12": "styling sessions a month",
    "13": "cleaning and repairs EUR per Essential member",
    "14": "UK size 14",
    "15": "Naima's commission per session, EUR",
    "18": "trial women who stayed; clothing EUR per Essential member; UK size 18",
    "20": "rentals per piece; members at a meet-up",
    "25": "trial women",
    "26": "cleaning and repairs EUR per Executive member",
    "28": "youngest age of the main segment",
    "30": "Executive members; minutes' ride",
    "36": "clothing EUR per Executive member",
    "38": "Sara's age",
    "40": "trial pieces; members with damage cover",
    "41": "variable EUR per Essential member",
    "42": "EU size 42",
    "45": "stylist's share of a session; price of an older piece sold",
    "46": "EU size 46",
    "48": "48 million EUR market",
    "50": "oldest age of the main segment",
    "51": "total EUR per Essential member",
    "59": "Essential price",
    "60": "price of a styling session",
    "72": "variable EUR per Executive member",
    "99": "Executive price",
    "100": "Essential members; EUR a month spent on work clothes",
    "120": "average EUR per piece",
    "130": "members the collection serves at once",
    "180": "commission EUR a month",
    "200": "damage cover EUR a month; software EUR a month",
    "250": "stylist's fee per meet-up; price of a designer blazer",
    "260": "members with a bigger collection",
    "300": "1 in 300 women",
    "400": "marketing and giveaway EUR a month",
    "450": "storage rent; pieces sold EUR a month",
    "600": "pieces in the collection",
    "1,000": "lowest yearly spend named",
    "1,200": "careful yearly spend",
    "1,300": "fixed costs EUR a month",
    "2,000": "highest yearly spend named",
    "2,140": "left each month before Naima's pay",
    "2,160": "Executive variable costs a month",
    "2,970": "Executive revenue a month",
    "4,100": "Essential variable costs a month",
    "5,900": "Essential revenue a month",
    "7,560": "money out a month",
    "8,870": "subscriptions a month",
    "9,700": "money in a month",
    "40,000": "women in the main segment",
    "72,000": "cost of the collection",
}

# The same story in the other languages of the course: for the facts a reader could most
# easily get wrong, the wording each translation must use, where ("case" is the
# language's course/translations/<lang>.toml), and wordings that would contradict it.
# Every number of the story is checked in every language by a test of its own.
TRANSLATED: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "es": {
        "cleaning": {
            "key-activities": ("una tintorería asociada limpia cada prenda",
                               "costurera del barrio hace los pequeños arreglos",
                               "naima revisa ella misma cada prenda"),
            "key-partners": ("una tintorería asociada y una costurera del barrio",
                             "naima sigue revisando ella misma cada prenda")},
        "depends-most": {
            "key-partners": ("la tintorería es el socio del que más depende",
                             "las suscriptoras ven a esta socia más que a ningún otro socio"),
            "case": ("la tintorería le haría más daño",)},
        "stylist": {
            "key-partners": ("250 eur por cada encuentro", "la estilista recibe 45 eur",
                             "naima se queda 15 eur")},
        "strongest-channel": {
            "channels": ("el boca a boca es su canal más fuerte",
                         "alrededor de la mitad de las nuevas suscriptoras")},
        "meet-ups": {"relationship-types": ("una vez al mes", "cada mes vienen unas 20")},
        "damage-cover": {
            "revenue-streams": ("casi todas las mujeres de su prueba preguntaron",)},
        "personal-help": {
            "customer-relationships": ("a las preguntas por mensaje",),
            "case": ("responde a las preguntas por mensaje",)},
    },
    "fr": {
        "cleaning": {
            "key-activities": ("un pressing partenaire nettoie chaque pièce",
                               "couturière du quartier fait les petites réparations",
                               "naima contrôle elle-même chaque pièce"),
            "key-partners": ("un pressing partenaire et une couturière du quartier",
                             "naima contrôle quand même elle-même chaque pièce")},
        "depends-most": {
            "key-partners": ("le pressing est le partenaire dont elle dépend le plus",
                             "les membres voient cette partenaire plus que toute autre"),
            "case": ("la perte du pressing qui ferait le plus de mal",)},
        "stylist": {
            "key-partners": ("250 € pour chaque rencontre", "la styliste reçoit 45 €",
                             "naima garde 15 €")},
        "strongest-channel": {
            "channels": ("le bouche-à-oreille est son canal le plus fort",
                         "environ la moitié des nouvelles membres")},
        "meet-ups": {"relationship-types": ("une fois par mois",
                                            "20 membres viennent chaque mois")},
        "damage-cover": {
            "revenue-streams": ("presque toutes les femmes de son essai ont demandé",)},
        "personal-help": {
            "customer-relationships": ("répond elle-même aux questions par message",),
            "case": ("répond elle-même aux questions par message",)},
    },
}

NEVER_TRANSLATED: dict[str, tuple[str, ...]] = {
    "es": ("naima limpia", "ella limpia cada", "preguntas por correo electrónico",
           "es su socio clave", "es su socia clave"),
    "fr": ("naima nettoie", "elle nettoie chaque", "questions par e-mail",
           "c'est sa partenaire clé", "c'est son partenaire clé"),
}
