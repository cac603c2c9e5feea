"""The programme's information pages, in Swedish, as a fresh installation and the demo start with them.

Written from the programme's own documents (DOMAIN.md): what Yrkesresan is, support for managers
(for workplace meetings and the introduction of new staff), and information for trainers."""

from __future__ import annotations

from typing import Any

INFO_PAGES: list[dict[str, Any]] = [
    {
        "slug": "om-yrkesresan",
        "audience": "everyone",
        "title": "Om Yrkesresan",
        "summary": "Ett nationellt program för introduktion och kompetensutveckling i socialtjänsten.",
        "body": (
            "Yrkesresan är ett nationellt program för introduktion och kompetensutveckling för dig som arbetar "
            "i kommunernas socialtjänst. SKR äger programmet och samordnar det nationellt.\n\n"
            "Programmet har fem delresor: Barn och unga (myndighetsutövning), Funktionshinder (utförarverksamhet "
            "och myndighetsutövning), Skadligt bruk och beroende samt Äldreomsorg. Varje delresa tas fram av en "
            "regional samverkans- och stödstruktur (RSS) med nationellt uppdrag.\n\n"
            "I ditt län är det RSS:en som planerar kurstillfällen, samordnar utbildarna och svarar på frågor om "
            "plattformen. Kommunen skapar ditt konto och ger dig tid att delta.\n\n"
            "Varje kurs har tre delar: förberedelser som du gör på egen hand, kursdagar tillsammans med andra, "
            "och en frivillig fördjupning efter kursen."
        ),
    },
    {
        "slug": "stationen-for-chefer",
        "audience": "managers",
        "title": "Så använder du Stationen",
        "summary": "Följ dina medarbetares resor, se vem som inte har kommit i gång och ge stöd i tid.",
        "body": (
            "Stationen visar dina medarbetares resor: vilken delresa och vilket steg de är på, hur många kurser "
            "de har genomfört och när de senast gjorde något.\n\n"
            "Välj ”Ej påbörjade” för att se vem som inte har kommit i gång, och ”Avstannade” för att se vem som "
            "inte har gjort något på flera veckor. Ett samtal i tid gör ofta skillnad: det vanligaste hindret är "
            "att medarbetaren inte har fått tid, eller inte hittar i plattformen.\n\n"
            "Du placerar medarbetare på en delresa och ett steg, en och en eller en hel enhet i taget. När någon "
            "har genomfört ett steg flyttar du hen till nästa. Inget som redan är gjort försvinner.\n\n"
            "Behöver en medarbetare göra uppehåll, till exempel för att först läsa svenska, kan du pausa resan. "
            "Hen får då inga påminnelser och räknas inte som avstannad."
        ),
    },
    {
        "slug": "underlag-for-arbetsplatstraff",
        "audience": "managers",
        "title": "Underlag för arbetsplatsträff",
        "summary": "Ett upplägg för att prata om Yrkesresan på en APT: 30 minuter.",
        "body": (
            "Avsätt 30 minuter på en arbetsplatsträff.\n\n"
            "1. Berätta kort vad Yrkesresan är och varför ni deltar (5 minuter). Visa gärna sidan Om Yrkesresan.\n\n"
            "2. Låt medarbetarna logga in tillsammans och hitta sitt nästa steg (10 minuter). Den som har svårt att "
            "komma in får hjälp direkt.\n\n"
            "3. Prata om hur ni gör förberedelserna på arbetstid: när, var och hur länge (10 minuter). En kurs "
            "förberedelser tar ofta några timmar; planera in dem i schemat.\n\n"
            "4. Bestäm hur ni tar hand om det ni lär er efter kursdagarna, till exempel genom att ta upp en punkt "
            "från checklistan ”Efter kursen” på nästa möte (5 minuter)."
        ),
    },
    {
        "slug": "introduktion-av-nya-medarbetare",
        "audience": "managers",
        "title": "Introduktion av nya medarbetare",
        "summary": "Så passar Yrkesresan in i introduktionen av en ny medarbetare.",
        "body": (
            "Skapa kontot samma vecka som medarbetaren börjar och placera hen på rätt delresa och steg, oftast "
            "det första.\n\n"
            "Boka en första genomgång där ni tillsammans öppnar Min resa och gör den första förberedelseuppgiften. "
            "Visa var kursdagarna syns och hur man ber om stöd.\n\n"
            "Följ upp efter fyra veckor i Stationen. Har medarbetaren inte påbörjat något, fråga varför."
        ),
    },
    {
        "slug": "att-vara-utbildare",
        "audience": "trainers",
        "title": "Att vara utbildare i Yrkesresan",
        "summary": "Uppdraget, utbildarteamet och hur mycket tid det tar.",
        "body": (
            "Utbildarna rekryteras från kommunerna. Varje regional kurs har ett utbildarteam på ungefär tre "
            "personer: en kursledare som alltid är med, och utbildare som turas om. En av utbildarna är reserv.\n\n"
            "Uppdraget motsvarar ungefär en arbetsvecka per år: en till två kursdagar per termin, förberedelser "
            "och två halvdagars utbildarträffar per år.\n\n"
            "Kursmaterialet finns i kurspaketen här på Plattformen: körschema, presentationer och övningar. "
            "Läs också vad deltagarna förbereder, så att kursdagen bygger vidare på det.\n\n"
            "Kan du inte komma på en kursdag, säg till samordnaren så tidigt du kan. Samordnaren ordnar en ersättare."
        ),
    },
    {
        "slug": "utbildartraffar-och-utbildarpotten",
        "audience": "trainers",
        "title": "Utbildarträffar och utbildarpotten",
        "summary": "Träffarna för utbildare, och hur din kommun får tillbaka en del av kursavgiften.",
        "body": (
            "Två gånger per år träffas utbildarna i länet för att dela erfarenheter och gå igenom nytt material. "
            "Ett öppet forum för lokala utbildare hålls två gånger per termin.\n\n"
            "Av varje kursavgift går 400 kronor till utbildarpotten. Vid årets slut delas potten ut: en kursledare "
            "får 1,5 andelar och en utbildare 1 andel per kursdag. Din andel går till din hemkommun och dras av på "
            "kommunens faktura i december."
        ),
    },
]
