"""Demoinnehåll för Yrkesresan: de fem yrkesresorna med steg, kurser och uppgifter.

Bara data, ingen kod. Texterna är skrivna på enkel svenska. Fakta hålls
allmänna; redaktörerna ersätter innehållet med de nationella producenternas material.
"""

from __future__ import annotations

JOURNEYS: list[dict] = [
    # ------------------------------------------------------------------
    # 1. Barn och unga, myndighetsutövning
    # ------------------------------------------------------------------
    {
        "code": "bou",
        "name": "Barn och unga, myndighetsutövning",
        "short_name": "BoU",
        "producer": "Göteborgsregionen (GR)",
        "launched": "2022",
        "audience": "Socialsekreterare, arbetsledare och chefer inom den sociala barn- och ungdomsvården",
        "description": (
            "Yrkesresan för dig som arbetar med mottagning, utredning, uppföljning eller familjehem inom "
            "den sociala barn- och ungdomsvården. Resan går i steg från NY till VAN och ERFAREN, och det "
            "finns ett eget steg för arbetsledare och chefer. Varje kurs har förberedelser, kursdagar och "
            "fördjupning efter kursen."
        ),
        "levels": [
            {
                "code": "ny",
                "name": "NY",
                "description": (
                    "För dig som arbetat 0–2 år. Steget ger verktyg för att utföra arbetsuppgifterna "
                    "under den första tiden i yrket."
                ),
                "objectives": [
                    "Arbeta i enlighet med sitt uppdrag med vägledning.",
                    "Bemöta barn och deras familjer med respekt och lyhördhet samt främja delaktighet.",
                    "Söka, granska och värdera kunskap för att utifrån bästa tillgängliga kunskap utföra arbetet.",
                    "Handlägga, dokumentera och samverka utifrån gällande regelverk med vägledning.",
                ],
                "courses": [
                    {
                        "code": "handlaggning-med-barnet-i-centrum",
                        "title": "Handläggning med barnet i centrum",
                        "kind": "led",
                        "summary": (
                            "Introduktionskursen för nya socialsekreterare. Du lär dig grunderna i handläggning, "
                            "från aktualisering till uppföljning, med BBIC och barnets bästa som stöd. "
                            "Kursdagarna varvar föreläsningar med övningar i grupp."
                        ),
                        "day_count": 4,
                        "day_mode": "mixed",
                        "day_mode_note": "Dag 1 på plats, dag 2–4 på plats eller digitalt.",
                        "tasks": [
                            {
                                "title": "Socialtjänstens uppdrag för barn och unga",
                                "format": "text",
                                "minutes": 60,
                                "mandatory": True,
                                "body": (
                                    "Socialtjänsten har ett särskilt ansvar för barn och unga. Kommunen ska verka "
                                    "för att barn och unga växer upp under trygga och goda förhållanden. Det gör "
                                    "socialtjänsten i samarbete med familjen och med andra, till exempel förskola, "
                                    "skola och hälso- och sjukvård.\n\n"
                                    "Ditt arbete styrs främst av socialtjänstlagen (SoL). Lagen är en ramlag. Det "
                                    "betyder att den anger mål och ramar, men inte i detalj hur arbetet ska göras. "
                                    "Därför behöver du också känna till föreskrifter, allmänna råd och kommunens "
                                    "egna riktlinjer.\n\n"
                                    "Ibland räcker inte frivilliga insatser för att skydda ett barn. Då kan lagen "
                                    "med särskilda bestämmelser om vård av unga (LVU) bli aktuell. LVU gäller vård "
                                    "utan samtycke och är ett komplement till SoL.\n\n"
                                    "Som socialsekreterare utövar du myndighet. Du förbereder eller fattar beslut "
                                    "som påverkar människors liv. Därför ska du arbeta rättssäkert, sakligt och "
                                    "opartiskt. Förvaltningslagen ger regler för hur ett ärende ska handläggas.\n\n"
                                    "Tänk efter: Vilka lagar och riktlinjer använder du oftast? Skriv ner två "
                                    "frågor som du vill ta med till kursdag 1."
                                ),
                                "url": "",
                            },
                            {
                                "title": "BBIC – Barns behov i centrum",
                                "format": "handbook",
                                "minutes": 90,
                                "mandatory": True,
                                "body": (
                                    "BBIC står för Barns behov i centrum. Det är ett system för att utreda, planera "
                                    "och följa upp insatser för barn och unga. Socialstyrelsen ansvarar för BBIC. "
                                    "Systemet bygger på lagstiftningen och på kunskap om vad barn behöver för att "
                                    "utvecklas väl.\n\n"
                                    "BBIC utgår från en triangel med tre sidor: barnets utveckling, föräldrarnas "
                                    "förmåga samt familj och miljö. Varje sida har flera områden, till exempel "
                                    "hälsa, utbildning, grundläggande omsorg och familjens nätverk. Triangeln hjälper "
                                    "dig att få en helhetsbild av barnets situation.\n\n"
                                    "BBIC har gemensamma begrepp och dokument för hela processen: aktualisering, "
                                    "förhandsbedömning, utredning, beslut, genomförande och uppföljning. När alla "
                                    "använder samma struktur blir det lättare att samarbeta och att följa barnets "
                                    "väg genom socialtjänsten.\n\n"
                                    "I BBIC är barnet en aktiv part. Barnet ska få information, komma till tals och "
                                    "bli lyssnat på. Det barnet säger ska dokumenteras och vägas in i bedömningen.\n\n"
                                    "Läs avsnitten om principerna och om triangeln i Socialstyrelsens grundbok om "
                                    "BBIC. Anteckna ett exempel från ditt arbete där triangeln kan hjälpa dig att se "
                                    "barnets behov."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Förhandsbedömning, utredning och dokumentation",
                                "format": "handbook",
                                "minutes": 90,
                                "mandatory": True,
                                "body": (
                                    "Socialstyrelsens handbok Barn och unga i socialtjänsten beskriver hur du "
                                    "utreder, planerar och följer upp insatser. Läs kapitlen om förhandsbedömning "
                                    "och utredning.\n\n"
                                    "När socialtjänsten får en anmälan gör du först en förhandsbedömning. Du bedömer "
                                    "om en utredning ska inledas. Om anmälan tyder på att barnet kan behöva skydd "
                                    "ska du genast göra en skyddsbedömning. Förhandsbedömningen ska som regel vara "
                                    "klar inom 14 dagar.\n\n"
                                    "En utredning ska vara saklig och allsidig, men inte mer omfattande än vad som "
                                    "behövs. Den ska som regel vara klar inom fyra månader. Den som är part ska få "
                                    "ta del av utredningen och få lämna synpunkter innan beslut fattas. Det kallas "
                                    "kommunicering.\n\n"
                                    "Dokumentationen ska vara korrekt, tydlig och lätt att förstå. Skilj på fakta och "
                                    "bedömningar. Skriv vem som har sagt vad. Skriv respektfullt och tänk på att "
                                    "barnet kan läsa sin akt när det blir äldre.\n\n"
                                    "Dokumentationen är också ett skydd för den enskilde. Den visar vad som har hänt "
                                    "och varför ett beslut har fattats."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Filmserie: Från aktualisering till uppföljning",
                                "format": "film",
                                "minutes": 90,
                                "mandatory": True,
                                "body": (
                                    "Filmerna följer ett ärende genom socialtjänsten, steg för steg. Titta på alla "
                                    "delar och anteckna frågor som du vill ta upp på kursdag 2."
                                ),
                                "url": "https://kunskapsguiden.se/omraden-och-teman/barn-och-unga/barns-behov-i-centrum-bbic/",
                            },
                            {
                                "title": "Webbutbildning: Barnkonventionen och barnets bästa",
                                "format": "link",
                                "minutes": 90,
                                "mandatory": True,
                                "body": (
                                    "Barnkonventionen är svensk lag sedan den 1 januari 2020. Gå webbutbildningen "
                                    "och lär dig hur du kan bedöma vad som är barnets bästa i ett ärende."
                                ),
                                "url": "https://www.barnombudsmannen.se/for-dig-som-arbetar-med-barn/webbutbildning/",
                            },
                            {
                                "title": "Podd: Att vara ny som socialsekreterare",
                                "format": "podcast",
                                "minutes": 60,
                                "mandatory": False,
                                "body": (
                                    "Nya och erfarna socialsekreterare pratar om de första åren i yrket. Frivillig "
                                    "uppgift, bra att lyssna på i lugn och ro."
                                ),
                                "url": "https://kunskapsguiden.se/poddar/att-vara-ny-som-socialsekreterare/",
                            },
                        ],
                        "checklist": [
                            "Gå igenom en av dina egna utredningar med BBIC-triangeln som stöd.",
                            "Läs kommunens riktlinjer för handläggning av ärenden som rör barn och unga.",
                            "Prata med din arbetsledare om hur barnets röst syns i dina utredningar.",
                        ],
                        "trainer_material": (
                            "Färdigt upplägg för fyra kursdagar med körschema, presentationer och övningar med "
                            "fallbeskrivningar. Deltagarna får handboken Barn och unga i socialtjänsten och "
                            "BBIC-material som delas ut på kursdag 1."
                        ),
                    },
                    {
                        "code": "samtal-och-delaktighet",
                        "title": "Samtal och delaktighet",
                        "kind": "led",
                        "summary": (
                            "Kursen handlar om att samtala med barn, unga och föräldrar. Du lär dig hur du främjar "
                            "barnets delaktighet i hela handläggningen och övar på samtal i grupp."
                        ),
                        "day_count": 2,
                        "day_mode": "on_site",
                        "day_mode_note": "",
                        "tasks": [
                            {
                                "title": "Barnets rätt att komma till tals",
                                "format": "text",
                                "minutes": 45,
                                "mandatory": True,
                                "body": (
                                    "Barn har rätt att uttrycka sina åsikter i frågor som rör dem. Det står i "
                                    "barnkonventionen, och socialtjänstlagen har regler om det. Barnets åsikter ska "
                                    "tillmätas betydelse utifrån barnets ålder och mognad.\n\n"
                                    "Delaktighet är mer än att barnet får säga något. Barnet behöver information som "
                                    "det förstår. Barnet ska veta vad som händer, varför det händer och vad det kan "
                                    "påverka. Barnet har också rätt att låta bli att säga vad det tycker.\n\n"
                                    "Tänk på delaktighet i tre steg: information, att komma till tals och "
                                    "återkoppling. Berätta för barnet vad som hände med det barnet sa. Det skapar "
                                    "förtroende.\n\n"
                                    "Skriv gärna barnets egna ord i dokumentationen. Skriv också hur du anpassade "
                                    "samtalet efter barnets ålder och behov."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Filmer: Samtal med barn i olika åldrar",
                                "format": "film",
                                "minutes": 45,
                                "mandatory": True,
                                "body": (
                                    "Korta filmer visar samtal med ett förskolebarn, ett skolbarn och en tonåring. "
                                    "Lägg märke till hur samtalsledaren anpassar frågor och tempo."
                                ),
                                "url": "https://kunskapsguiden.se/omraden-och-teman/barn-och-unga/samtal-med-barn/",
                            },
                            {
                                "title": "Samtalets struktur",
                                "format": "handbook",
                                "minutes": 60,
                                "mandatory": True,
                                "body": (
                                    "Ett bra samtal har en tydlig struktur. Förbered dig innan. Tänk igenom syftet, "
                                    "vad du behöver veta och vad barnet eller föräldern behöver veta.\n\n"
                                    "Börja med att berätta vem du är och varför ni ses. Förklara vad som händer med "
                                    "det som sägs och vem som kan läsa dokumentationen. Var ärlig med vad du inte "
                                    "kan lova, till exempel att hålla något hemligt.\n\n"
                                    "Ställ öppna frågor, som ”Berätta om …” eller ”Hur var det när …”. Undvik "
                                    "ledande frågor, särskilt med små barn. Lyssna mer än du pratar. Sammanfatta "
                                    "ofta, så att du vet att du har förstått.\n\n"
                                    "Avsluta lugnt. Berätta vad som händer sedan och när ni ses igen. Dokumentera "
                                    "det viktigaste så snart som möjligt efter samtalet."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Kunskapsstöd om barns delaktighet",
                                "format": "link",
                                "minutes": 30,
                                "mandatory": True,
                                "body": (
                                    "Socialstyrelsens sidor om barns delaktighet i socialtjänsten. Läs igenom "
                                    "sidorna och välj ett råd som du vill pröva i ditt nästa samtal."
                                ),
                                "url": "https://www.socialstyrelsen.se/kunskapsstod-och-regler/omraden/barn-och-unga/barns-delaktighet/",
                            },
                            {
                                "title": "Podd: Unga berättar om mötet med socialtjänsten",
                                "format": "podcast",
                                "minutes": 30,
                                "mandatory": False,
                                "body": (
                                    "Unga personer berättar vad som hjälpte och vad som var svårt när de hade kontakt "
                                    "med socialtjänsten. Frivillig uppgift."
                                ),
                                "url": "https://kunskapsguiden.se/poddar/unga-berattar/",
                            },
                        ],
                        "checklist": [
                            "Använd samtalsmaterialet från kursen i ett samtal med ett barn och tänk efteråt på vad som fungerade.",
                            "Läs en av dina utredningar och markera var barnets egna ord finns med.",
                            "Prata med en kollega om hur ni ger återkoppling till barn efter ett beslut.",
                        ],
                        "trainer_material": (
                            "Körschema för två kursdagar, presentationer, filmklipp och samtalsövningar med "
                            "rollspel. Deltagarna får samtalsmaterial för samtal med barn i olika åldrar."
                        ),
                    },
                    {
                        "code": "utsatthet-och-vald",
                        "title": "Utsatthet och våld",
                        "kind": "led",
                        "summary": (
                            "Kursen ger kunskap om barn som lever med våld, försummelse och andra former av "
                            "utsatthet. Du lär dig känna igen tecken, göra skyddsbedömningar och planera för "
                            "barnets säkerhet."
                        ),
                        "day_count": 2,
                        "day_mode": "on_site",
                        "day_mode_note": "",
                        "tasks": [
                            {
                                "title": "Olika former av våld och utsatthet",
                                "format": "text",
                                "minutes": 45,
                                "mandatory": True,
                                "body": (
                                    "Barn kan utsättas för våld på många sätt. Det kan vara fysiskt, psykiskt eller "
                                    "sexuellt våld. Det kan också vara försummelse, alltså att barnet inte får den "
                                    "omsorg det behöver. Hedersrelaterat våld och förtryck är en annan form av våld.\n\n"
                                    "Barn som upplever våld mellan vuxna i familjen är också utsatta. Sedan 2021 "
                                    "finns brottet barnfridsbrott. Det innebär att det är ett brott att låta ett barn "
                                    "bevittna vissa brott mellan närstående.\n\n"
                                    "Våld är ofta dolt. Barnet kan vara lojalt mot sina föräldrar eller rädd för vad "
                                    "som händer om det berättar. Därför behöver du fråga om våld, även när ingen "
                                    "har nämnt det.\n\n"
                                    "Socialtjänsten ska särskilt tänka på att barn som har utsatts för våld, eller "
                                    "som har bevittnat våld, är brottsoffer. De kan behöva stöd och hjälp, till "
                                    "exempel samtal eller skydd."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Webbkurs om våld",
                                "format": "link",
                                "minutes": 90,
                                "mandatory": True,
                                "body": (
                                    "En webbkurs från Nationellt centrum för kvinnofrid om våld i nära relationer. "
                                    "Gå igenom delarna om barn och om hedersrelaterat våld."
                                ),
                                "url": "https://www.nck.uu.se/kunskapsbanken/webbkurs-om-vald/",
                            },
                            {
                                "title": "Skyddsbedömning i praktiken",
                                "format": "film",
                                "minutes": 30,
                                "mandatory": True,
                                "body": (
                                    "Filmen visar hur en socialsekreterare gör en skyddsbedömning samma dag som en "
                                    "anmälan kommer in. Fundera på vilka frågor du själv skulle ställa."
                                ),
                                "url": "https://kunskapsguiden.se/omraden-och-teman/vald-och-brott/skyddsbedomning/",
                            },
                            {
                                "title": "Barn som utsätts för våld – läs i handboken Våld",
                                "format": "handbook",
                                "minutes": 45,
                                "mandatory": True,
                                "body": (
                                    "Socialstyrelsens handbok Våld handlar om socialtjänstens arbete med våld i nära "
                                    "relationer. Läs kapitlet om barn som utsätts för våld eller som upplever våld.\n\n"
                                    "När du får information om våld ska du bedöma barnets säkerhet. Fråga dig: Är "
                                    "barnet i fara nu? Behöver barnet skydd i dag? Vem kan skydda barnet?\n\n"
                                    "Prata med barnet själv när det är möjligt och lämpligt. Socialtjänsten kan under "
                                    "vissa förutsättningar prata med ett barn utan att vårdnadshavaren har gett sitt "
                                    "samtycke eller är med. Det kan behövas om det finns risk att barnet utsätts för "
                                    "mer våld eller blir påverkat.\n\n"
                                    "Samarbeta med andra, till exempel polis, hälso- och sjukvård, skola och barnahus. "
                                    "Tänk på sekretessen och på vilka uppgifter du får lämna ut.\n\n"
                                    "Dokumentera vad barnet säger, med barnets egna ord. Skriv också vad du själv "
                                    "har sett."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Podd: Barn som upplever våld",
                                "format": "podcast",
                                "minutes": 45,
                                "mandatory": False,
                                "body": (
                                    "Forskare och praktiker samtalar om hur våld påverkar barn och vad som hjälper. "
                                    "Frivillig uppgift."
                                ),
                                "url": "https://liu.se/barnafrid/podd",
                            },
                        ],
                        "checklist": [
                            "Läs kommunens rutin för skyddsbedömningar och jämför med det du lärde dig på kursen.",
                            "Ta reda på hur samarbetet med barnahus ser ut i ditt län.",
                            "Öva med en kollega på att ställa frågor om våld till en förälder.",
                        ],
                        "trainer_material": (
                            "Körschema för två dagar, presentationer och fallövningar om skyddsbedömning och "
                            "säkerhetsplanering. Deltagarna får handboken Våld och en checklista för frågor om våld."
                        ),
                    },
                    {
                        "code": "handlaggning-av-unga-lagovertradare",
                        "title": "Handläggning av unga lagöverträdare",
                        "kind": "led",
                        "summary": (
                            "Kursen handlar om socialtjänstens arbete med unga som misstänks för brott, särskilt om "
                            "yttranden enligt lagen om unga lagöverträdare (LUL). Kursen är eftertraktad och "
                            "erbjuds även till dig på steget VAN."
                        ),
                        "day_count": 1,
                        "day_mode": "on_site",
                        "day_mode_note": "",
                        "tasks": [
                            {
                                "title": "Socialtjänstens roll när unga misstänks för brott",
                                "format": "text",
                                "minutes": 40,
                                "mandatory": True,
                                "body": (
                                    "När en ung person misstänks för brott har socialtjänsten en viktig roll. Lagen "
                                    "med särskilda bestämmelser om unga lagöverträdare (LUL) beskriver hur polis, "
                                    "åklagare och socialtjänst ska arbeta.\n\n"
                                    "Innan åklagaren beslutar om åtal mot en person under 18 år ska åklagaren i regel "
                                    "begära ett yttrande från socialtjänsten. I yttrandet beskriver du den ungas "
                                    "situation och behov av stöd. Du beskriver också vilka insatser socialtjänsten "
                                    "har gett eller planerar.\n\n"
                                    "Yttrandet handlar om den unga, inte om skuldfrågan. Det är domstolen som "
                                    "prövar om den unga har begått brottet. Yttrandet kan ändå påverka vilken påföljd "
                                    "den unga får, till exempel ungdomsvård eller ungdomstjänst.\n\n"
                                    "Barn under 15 år kan inte dömas för brott. Socialtjänsten har ändå ett ansvar "
                                    "för att utreda barnets behov av stöd och skydd."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Att skriva ett yttrande – läs i handboken",
                                "format": "handbook",
                                "minutes": 45,
                                "mandatory": True,
                                "body": (
                                    "Läs kapitlet om yttranden i Socialstyrelsens kunskapsstöd om unga lagöverträdare. "
                                    "Titta särskilt på exemplen.\n\n"
                                    "Ett bra yttrande är kort, sakligt och tydligt. Domstolen och åklagaren ska "
                                    "förstå den ungas situation utan att känna familjen.\n\n"
                                    "Beskriv den ungas skolgång, fritid, familj och hälsa. Beskriv risker och "
                                    "skyddande faktorer. Skriv vad den unga och vårdnadshavarna själva säger.\n\n"
                                    "Avsluta med socialtjänstens bedömning av den ungas behov. Om ungdomsvård är "
                                    "aktuell ska det finnas en plan som beskriver vilka insatser som ska ges."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Från polisanmälan till dom",
                                "format": "film",
                                "minutes": 20,
                                "mandatory": True,
                                "body": (
                                    "En kort film som visar hur ett ärende med en ung misstänkt går från polisen "
                                    "till åklagaren, socialtjänsten och domstolen."
                                ),
                                "url": "https://kunskapsguiden.se/omraden-och-teman/barn-och-unga/unga-lagovertradare/",
                            },
                            {
                                "title": "Fakta om ungdomsbrottslighet",
                                "format": "link",
                                "minutes": 15,
                                "mandatory": False,
                                "body": (
                                    "Brottsförebyggande rådet har fakta och statistik om ungas brottslighet. Frivillig "
                                    "uppgift för dig som vill veta mer."
                                ),
                                "url": "https://bra.se/forebygga-brott/ungdomsbrottslighet.html",
                            },
                        ],
                        "checklist": [
                            "Läs ett yttrande som en erfaren kollega har skrivit och diskutera det med hen.",
                            "Ta reda på hur samarbetet med polis och åklagare fungerar i din kommun.",
                        ],
                        "trainer_material": (
                            "Körschema för en dag, presentation och övningar där deltagarna skriver delar av ett "
                            "yttrande utifrån ett fall. Mallar och exempel på yttranden delas ut."
                        ),
                    },
                    {
                        "code": "arbeta-med-familjehem",
                        "title": "Arbeta med familjehem",
                        "kind": "led",
                        "summary": (
                            "Kursen ger grunder i socialtjänstens arbete med familjehem: rekrytering, utredning, "
                            "stöd och samarbete. Fokus ligger på barnets behov av trygghet och kontinuitet."
                        ),
                        "day_count": 1,
                        "day_mode": "on_site",
                        "day_mode_note": "",
                        "tasks": [
                            {
                                "title": "Familjehemsvård – uppdrag och ansvar",
                                "format": "text",
                                "minutes": 30,
                                "mandatory": True,
                                "body": (
                                    "Ett familjehem är ett privat hem som tar emot barn för vård och fostran på "
                                    "uppdrag av socialtjänsten. Barnet kan vara placerat med stöd av SoL eller LVU.\n\n"
                                    "Socialnämnden har det yttersta ansvaret för barnet under hela placeringen. "
                                    "Nämnden ska se till att barnet får god vård och följa vården noga. Barnet ska "
                                    "ha en särskilt utsedd socialsekreterare.\n\n"
                                    "Familjehemmet ska utredas innan ett barn placeras där. Familjehemmet ska också "
                                    "få utbildning, stöd och handledning under placeringen.\n\n"
                                    "Samarbetet med barnets föräldrar är viktigt. Barnet har rätt till kontakt med "
                                    "sina föräldrar och andra närstående, om det inte strider mot barnets bästa."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Rekrytera, utreda och stödja familjehem",
                                "format": "handbook",
                                "minutes": 45,
                                "mandatory": True,
                                "body": (
                                    "Läs kapitlen om utredning av familjehem och om stöd under placeringen i "
                                    "Socialstyrelsens kunskapsstöd om familjehemsvård.\n\n"
                                    "I en familjehemsutredning bedömer du om familjen kan ge ett visst barn den vård "
                                    "och omsorg som barnet behöver. Du träffar hela familjen flera gånger. Du tar "
                                    "också referenser och uppgifter från olika register.\n\n"
                                    "Matchningen är viktig. Tänk på barnets behov, bakgrund, språk och relationer. "
                                    "Ett bra familjehem för ett barn passar inte alltid ett annat barn.\n\n"
                                    "Under placeringen behöver familjehemmet regelbunden kontakt med socialtjänsten. "
                                    "Stödet minskar risken för att placeringen bryts."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Placerade barn berättar",
                                "format": "film",
                                "minutes": 25,
                                "mandatory": True,
                                "body": (
                                    "Unga som har bott i familjehem berättar om vad som var viktigt för dem. "
                                    "Anteckna två saker som du vill ta med i ditt arbete."
                                ),
                                "url": "https://kunskapsguiden.se/omraden-och-teman/barn-och-unga/familjehem/",
                            },
                            {
                                "title": "Podd: Att vara familjehem",
                                "format": "podcast",
                                "minutes": 30,
                                "mandatory": False,
                                "body": (
                                    "Familjehemsföräldrar berättar om glädje och svårigheter i uppdraget. Frivillig "
                                    "uppgift."
                                ),
                                "url": "https://kunskapsguiden.se/poddar/att-vara-familjehem/",
                            },
                        ],
                        "checklist": [
                            "Läs kommunens rutin för stöd till familjehem.",
                            "Följ med en kollega på ett uppföljningsbesök i ett familjehem, om det är möjligt.",
                        ],
                        "trainer_material": (
                            "Körschema för en dag, presentation och gruppövningar om matchning och samarbete med "
                            "föräldrar. Deltagarna får Socialstyrelsens material om familjehemsvård."
                        ),
                    },
                    {
                        "code": "verktyg-i-vardagen",
                        "title": "Verktyg i vardagen",
                        "kind": "led",
                        "mandatory": False,
                        "summary": (
                            "Kursen ger praktiska verktyg för vardagen som socialsekreterare: att planera arbetet, "
                            "hantera arbetsbelastning och använda stödet runt omkring dig. Kursen ges digitalt."
                        ),
                        "day_count": 1,
                        "day_mode": "digital",
                        "day_mode_note": "Ges digitalt i två halvdagar, som webbsändning eller inspelning.",
                        "tasks": [
                            {
                                "title": "Att orka i längden",
                                "format": "text",
                                "minutes": 20,
                                "mandatory": True,
                                "body": (
                                    "Arbetet som socialsekreterare är meningsfullt, men det kan också vara tungt. Du "
                                    "möter människor i svåra situationer och har ofta många ärenden samtidigt.\n\n"
                                    "Det hjälper att planera. Skriv upp tidsfrister för förhandsbedömningar och "
                                    "utredningar. Boka tid för dokumentation varje dag.\n\n"
                                    "Be om hjälp tidigt. Handledning, kollegor och din arbetsledare är viktiga stöd. "
                                    "Att fråga är ett tecken på professionalitet.\n\n"
                                    "Tänk på återhämtning. Korta pauser under dagen och tydliga gränser mellan arbete "
                                    "och fritid minskar risken för stress."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Arbetsmiljöverket om arbetsbelastning",
                                "format": "link",
                                "minutes": 20,
                                "mandatory": True,
                                "body": (
                                    "Läs om organisatorisk och social arbetsmiljö. Fundera på vad som är ditt ansvar "
                                    "och vad som är arbetsgivarens ansvar."
                                ),
                                "url": "https://www.av.se/arbetsmiljoarbete-och-inspektioner/organisatorisk-och-social-arbetsmiljo/",
                            },
                            {
                                "title": "Planera din arbetsvecka",
                                "format": "film",
                                "minutes": 15,
                                "mandatory": False,
                                "body": (
                                    "En kort film med tips om hur du planerar veckan och prioriterar bland ärenden. "
                                    "Frivillig uppgift."
                                ),
                                "url": "https://kunskapsguiden.se/omraden-och-teman/barn-och-unga/verktyg-i-vardagen/",
                            },
                        ],
                        "checklist": [
                            "Gör en veckoplanering med fasta tider för dokumentation och pröva den i en månad.",
                        ],
                        "trainer_material": (
                            "Inspelade föreläsningar och ett manus för webbsändning i två halvdagar. Materialet "
                            "ligger i lärplattformen."
                        ),
                    },
                    {
                        "code": "introduktion-till-yrkesresan",
                        "title": "Introduktion till Yrkesresan",
                        "kind": "web",
                        "summary": (
                            "En kort webbkurs om hur Yrkesresan fungerar. Du lär dig hitta dina kurser, göra "
                            "förberedelserna och anmäla dig till kursdagar. Kursen är gratis och du gör den på egen hand."
                        ),
                        "day_count": 0,
                        "day_mode": "",
                        "day_mode_note": "",
                        "tasks": [
                            {
                                "title": "Så fungerar Yrkesresan",
                                "format": "text",
                                "minutes": 10,
                                "mandatory": True,
                                "body": (
                                    "Yrkesresan är ett nationellt program för introduktion och kompetensutveckling i "
                                    "socialtjänsten. Kommunerna, regionerna och SKR står bakom programmet.\n\n"
                                    "Din resa går i steg. Du börjar på steget NY. Varje steg har kurser, som visas som "
                                    "hållplatser på din resväg.\n\n"
                                    "Du får ett eget konto i lärplattformen. Kontot skapas av din arbetsledare, din "
                                    "chef eller kommunens administratör."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Så hittar du i lärplattformen",
                                "format": "film",
                                "minutes": 8,
                                "mandatory": True,
                                "body": (
                                    "En kort film som visar hur du loggar in, hittar din resväg och öppnar en kurs."
                                ),
                                "url": "https://skr.se/yrkesresan/filmer/sahittardu.html",
                            },
                            {
                                "title": "Förberedelser, kursdagar och efter kursen",
                                "format": "text",
                                "minutes": 10,
                                "mandatory": True,
                                "body": (
                                    "Varje kurs har tre delar. Först gör du förberedelserna på egen hand. De kan vara "
                                    "texter, filmer, poddar eller kapitel i en handbok. Vid varje uppgift står hur "
                                    "lång tid den tar ungefär.\n\n"
                                    "Sedan går du på kursdagarna tillsammans med andra. Kursdagarna bygger på "
                                    "förberedelserna, så gör dem först.\n\n"
                                    "Efter kursen finns en checklista med fördjupningsuppgifter. Den är frivillig.\n\n"
                                    "Du kan pausa en kurs och fortsätta senare. Din plats sparas."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Läs mer om Yrkesresan hos SKR",
                                "format": "link",
                                "minutes": 5,
                                "mandatory": False,
                                "body": "SKR:s sidor om Yrkesresan, med nyheter om kommande kurser och delresor.",
                                "url": "https://skr.se/yrkesresan",
                            },
                        ],
                        "checklist": [],
                        "trainer_material": "Webbkursen görs på egen hand och har inget utbildarmaterial.",
                    },
                ],
            },
            {
                "code": "van",
                "name": "VAN",
                "description": (
                    "För dig som arbetat 2–5 år. Steget ger verktyg för att arbeta på den nivå som kan "
                    "förväntas av medarbetare som arbetat en tid i yrket."
                ),
                "objectives": [
                    "Arbeta i enlighet med sitt uppdrag med viss vägledning.",
                    "Bemöta barn och deras familjer med respekt och lyhördhet samt främja delaktighet.",
                    "Söka, granska och värdera kunskap för att utifrån bästa tillgängliga kunskap utföra arbetet.",
                    "Handlägga, dokumentera och samverka utifrån gällande regelverk med viss vägledning.",
                ],
                "courses": [
                    {
                        "code": "kursledarutbildning-ett-hem-att-vaxa-i",
                        "title": "Kursledarutbildning – Ett hem att växa i",
                        "kind": "led",
                        "summary": (
                            "Utbildning för dig som ska leda Socialstyrelsens grundutbildning för familjehem, Ett hem "
                            "att växa i. Kursen riktar sig till vana och erfarna socialsekreterare och ges från "
                            "nationell nivå."
                        ),
                        "day_count": 2,
                        "day_mode": "on_site",
                        "day_mode_note": "Ges nationellt, inte regionalt. Kursavgiften sätts på nationell nivå.",
                        "tasks": [
                            {
                                "title": "Om Ett hem att växa i",
                                "format": "text",
                                "minutes": 30,
                                "mandatory": True,
                                "body": (
                                    "Ett hem att växa i är Socialstyrelsens grundutbildning för familjehem. "
                                    "Utbildningen ges i grupp under flera träffar.\n\n"
                                    "Familjehemmen får kunskap om placerade barns behov, om samarbete med barnets "
                                    "föräldrar och om sitt eget uppdrag. De får också möta andra familjehem.\n\n"
                                    "Som kursledare leder du träffarna tillsammans med en kollega. Du behöver kunna "
                                    "materialet väl och kunna leda samtal i grupp."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Utbildningsmaterialet Ett hem att växa i",
                                "format": "link",
                                "minutes": 45,
                                "mandatory": True,
                                "body": (
                                    "Bläddra igenom materialet för familjehemmen och kursledarens handledning på "
                                    "Socialstyrelsens webbplats."
                                ),
                                "url": "https://www.socialstyrelsen.se/kunskapsstod-och-regler/omraden/barn-och-unga/ett-hem-att-vaxa-i/",
                            },
                            {
                                "title": "Kursledare berättar",
                                "format": "film",
                                "minutes": 20,
                                "mandatory": False,
                                "body": (
                                    "Erfarna kursledare berättar om hur de leder träffarna och hanterar svåra "
                                    "frågor i gruppen. Frivillig uppgift."
                                ),
                                "url": "https://kunskapsguiden.se/omraden-och-teman/barn-och-unga/familjehem/",
                            },
                        ],
                        "checklist": [
                            "Planera din första utbildningsomgång tillsammans med en kollega.",
                            "Ta reda på hur många familjehem i kommunen som behöver grundutbildning.",
                        ],
                        "trainer_material": (
                            "Nationella kursledare använder Socialstyrelsens kursledarhandledning, presentationer "
                            "och övningar. Deltagarna får hela utbildningsmaterialet för familjehem."
                        ),
                    },
                ],
            },
            {
                "code": "erfaren",
                "name": "ERFAREN",
                "description": (
                    "För dig som arbetat mer än 5 år. Under tiden på steget fördjupar du kontinuerligt dina "
                    "kunskaper. Kurser för steget lanseras successivt."
                ),
                "objectives": [
                    "Fördjupar kontinuerligt sina kunskaper i att arbeta i enlighet med sitt uppdrag.",
                    "Fördjupar kontinuerligt sina kunskaper i att bemöta barn och deras familjer med respekt och lyhördhet samt främja delaktighet.",
                    "Fördjupar kontinuerligt sina kunskaper i att söka, granska och värdera kunskap för att utifrån bästa tillgängliga kunskap utföra arbetet.",
                    "Fördjupar kontinuerligt sina kunskaper i att handlägga, dokumentera och samverka utifrån gällande regelverk.",
                ],
                "courses": [],
            },
            {
                "code": "chef",
                "name": "ARBETSLEDARE/CHEF",
                "description": (
                    "För arbetsledare och chefer. Kurserna handlar om den sakkunskap som krävs för att leda "
                    "arbetet, inte om ledarskap i allmänhet. Kurserna finns på Stationen i lärplattformen."
                ),
                "objectives": [
                    "Fördjupar kontinuerligt sina kunskaper i att arbeta i enlighet med sitt uppdrag.",
                    "Fördjupar kontinuerligt sina kunskaper i att söka, granska och värdera kunskap för att utifrån bästa tillgängliga kunskap utföra arbetet.",
                    "Fördjupar kontinuerligt sina kunskaper i att vägleda medarbetare i arbetet.",
                    "Fördjupar kontinuerligt sina kunskaper i att använda metoder som är stöd i verksamhetsutveckling.",
                ],
                "courses": [
                    {
                        "code": "stationen-for-arbetsledare-och-chefer",
                        "title": "Stationen – Yrkesresan för arbetsledare och chefer",
                        "kind": "web",
                        "summary": (
                            "En webbkurs om hur du som arbetsledare eller chef använder Yrkesresan i introduktionen "
                            "av nya medarbetare. Kursen är gratis och du gör den på egen hand."
                        ),
                        "day_count": 0,
                        "day_mode": "",
                        "day_mode_note": "",
                        "tasks": [
                            {
                                "title": "Chefens roll i Yrkesresan",
                                "format": "text",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "Som chef eller arbetsledare har du en viktig roll. Du skapar konton åt dina "
                                    "medarbetare och ger dem tid för förberedelser, kursdagar och efterarbete.\n\n"
                                    "Prata med den nya medarbetaren om resvägen. Gör en plan för vilka kurser som "
                                    "ska göras under det första året.\n\n"
                                    "Följ upp efter varje kurs. Fråga vad medarbetaren har lärt sig och hur det kan "
                                    "användas i arbetsgruppen."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Stödmaterial för APT",
                                "format": "link",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "På Stationen finns stödmaterial för att ta upp Yrkesresan på en "
                                    "arbetsplatsträff. Välj ett material som passar din arbetsgrupp."
                                ),
                                "url": "https://skr.se/yrkesresan/stationen",
                            },
                            {
                                "title": "Så skapar du konton i lärplattformen",
                                "format": "film",
                                "minutes": 10,
                                "mandatory": True,
                                "body": "En kort film som visar hur du skapar konton och ser dina medarbetares framsteg.",
                                "url": "https://skr.se/yrkesresan/filmer/skapakonton.html",
                            },
                        ],
                        "checklist": [
                            "Gör en introduktionsplan med Yrkesresan för nästa nyanställda medarbetare.",
                            "Ta upp Yrkesresan på en arbetsplatsträff.",
                        ],
                        "trainer_material": "Webbkursen görs på egen hand och har inget utbildarmaterial.",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    # 2. Funktionshinder, utförarverksamhet
    # ------------------------------------------------------------------
    {
        "code": "funk-utforare",
        "name": "Funktionshinder, utförarverksamhet",
        "short_name": "Funk utförare",
        "producer": "Kommunförbundet Västernorrland",
        "launched": "2023",
        "audience": "Medarbetare och chefer i utförarverksamhet inom funktionshinderområdet",
        "description": (
            "Yrkesresan för dig som ger stöd till personer med funktionsnedsättning, till exempel i bostad med "
            "särskild service, daglig verksamhet eller personlig assistans. Alla medarbetare går kurserna i BAS. "
            "De ges i kommunen eller på arbetsplatsen och leds av lokala samtalsledare. Därefter finns "
            "FÖRDJUPNING, SPETS och kurser för chefer."
        ),
        "levels": [
            {
                "code": "bas",
                "name": "BAS",
                "description": (
                    "För alla medarbetare, oavsett hur länge du har arbetat. All personal ska gå kurserna i BAS."
                ),
                "objectives": [
                    "Beskriva verksamhetens uppdrag och sin egen roll i arbetet.",
                    "Arbeta utifrån grundläggande värden som respekt, självbestämmande och delaktighet.",
                    "Känna till de viktigaste lagarna för verksamheten och vad tystnadsplikt, dokumentation och lex Sarah innebär.",
                    "Förstå hur vanliga funktionsnedsättningar kan påverka en person i vardagen och anpassa stödet efter det.",
                ],
                "courses": [
                    {
                        "code": "kurs-1-introduktionskurs",
                        "title": "Kurs 1 Introduktionskurs",
                        "kind": "led",
                        "summary": (
                            "Den första kursen i BAS. Du får en bild av funktionshinderområdet, verksamhetens uppdrag "
                            "och din roll som medarbetare. Kursen leds av lokala samtalsledare."
                        ),
                        "day_count": 1,
                        "day_mode": "on_site",
                        "day_mode_note": "Genomförs i kommunen eller på arbetsplatsen med lokala samtalsledare.",
                        "tasks": [
                            {
                                "title": "Välkommen till funktionshinderområdet",
                                "format": "text",
                                "minutes": 20,
                                "mandatory": True,
                                "body": (
                                    "Du arbetar med att ge stöd till personer med funktionsnedsättning. Stödet kan ges "
                                    "i en bostad, i daglig verksamhet, genom personlig assistans eller på andra sätt. "
                                    "Målet är att personen ska kunna leva ett så självständigt liv som möjligt.\n\n"
                                    "Stödet bygger på ett beslut. En handläggare i kommunen har beslutat om en insats. "
                                    "Ditt uppdrag är att ge stödet i vardagen, utifrån personens behov och önskemål.\n\n"
                                    "Personen du stöttar är expert på sitt eget liv. Du är där för att stötta, inte "
                                    "för att bestämma. Fråga, lyssna och låt personen vara delaktig.\n\n"
                                    "Du är en del av ett team. Kollegor, chef och andra yrkesgrupper samarbetar för "
                                    "att stödet ska bli bra."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Mitt jobb, min vardag",
                                "format": "film",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "Medarbetare berättar om sitt arbete i bostad med särskild service, daglig "
                                    "verksamhet och personlig assistans."
                                ),
                                "url": "https://kunskapsguiden.se/omraden-och-teman/funktionshinder/",
                            },
                            {
                                "title": "Ditt uppdrag och genomförandeplanen",
                                "format": "handbook",
                                "minutes": 30,
                                "mandatory": True,
                                "body": (
                                    "En genomförandeplan beskriver hur ett beslutat stöd ska ges i praktiken. Planen "
                                    "tas fram tillsammans med personen som får stödet.\n\n"
                                    "Planen beskriver vad personen vill och behöver. Den beskriver också vem som gör "
                                    "vad, och när.\n\n"
                                    "Läs planerna för de personer du ger stöd till. Fråga din chef eller en kollega "
                                    "om du inte hittar dem.\n\n"
                                    "Följ planen och säg till om något behöver ändras. Planen ska följas upp "
                                    "regelbundet tillsammans med personen."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Podd: Att börja arbeta inom funktionshinderområdet",
                                "format": "podcast",
                                "minutes": 25,
                                "mandatory": False,
                                "body": (
                                    "Nya medarbetare och en enhetschef pratar om den första tiden på jobbet. "
                                    "Frivillig uppgift."
                                ),
                                "url": "https://kunskapsguiden.se/poddar/att-borja-arbeta-inom-funktionshinder/",
                            },
                        ],
                        "checklist": [
                            "Läs genomförandeplanen för en person du stöttar och prata med en kollega om den.",
                            "Ta reda på vilka rutiner din arbetsplats har för avvikelser.",
                        ],
                        "trainer_material": (
                            "Ett färdigt utbildningspaket i lärplattformen med presentation, körschema, filmer och "
                            "diskussionsfrågor. Paketet är anpassat för samtalsledare på kommun- eller arbetsplatsnivå."
                        ),
                    },
                    {
                        "code": "kurs-2-grundlaggande-varden-och-regelverk",
                        "title": "Kurs 2 Grundläggande värden och regelverk",
                        "kind": "led",
                        "summary": (
                            "Kursen handlar om de värden och lagar som styr arbetet: mänskliga rättigheter, "
                            "självbestämmande, LSS och socialtjänstlagen. Du lär dig också om tystnadsplikt, "
                            "dokumentation och att rapportera missförhållanden."
                        ),
                        "day_count": 1,
                        "day_mode": "on_site",
                        "day_mode_note": "Genomförs i kommunen eller på arbetsplatsen med lokala samtalsledare.",
                        "tasks": [
                            {
                                "title": "Värdegrund och mänskliga rättigheter",
                                "format": "text",
                                "minutes": 30,
                                "mandatory": True,
                                "body": (
                                    "Alla människor har samma värde och samma rättigheter. Det gäller också personer "
                                    "med funktionsnedsättning. FN:s konvention om rättigheter för personer med "
                                    "funktionsnedsättning beskriver hur rättigheterna ska gälla fullt ut. Sverige har "
                                    "förbundit sig att följa konventionen.\n\n"
                                    "Självbestämmande och integritet är centrala värden. Personen ska bestämma över "
                                    "sitt eget liv så långt det är möjligt. Respektera personens hem, tid och "
                                    "saker.\n\n"
                                    "Delaktighet betyder att personen är med och påverkar sitt stöd. Det gäller både "
                                    "stora beslut och små val i vardagen, som vad personen vill äta eller göra.\n\n"
                                    "Ibland är det svårt. Personen kan vilja något som du tycker är fel eller "
                                    "riskabelt. Prata då med kollegor och chef. Tvång och begränsningar får bara "
                                    "användas om det finns stöd i lag."
                                ),
                                "url": "",
                            },
                            {
                                "title": "LSS och socialtjänstlagen – en översikt",
                                "format": "handbook",
                                "minutes": 40,
                                "mandatory": True,
                                "body": (
                                    "Två lagar är särskilt viktiga i ditt arbete: lagen om stöd och service till "
                                    "vissa funktionshindrade (LSS) och socialtjänstlagen (SoL).\n\n"
                                    "LSS är en rättighetslag. Den ger personer som tillhör lagens personkrets rätt till "
                                    "särskilda insatser. Det finns tio insatser, till exempel personlig assistans, "
                                    "ledsagarservice, korttidsvistelse, bostad med särskild service och daglig "
                                    "verksamhet.\n\n"
                                    "Målet med LSS är att personen ska få goda levnadsvillkor och kunna leva som andra. "
                                    "Stödet ska vara varaktigt, samordnat och anpassat till personens behov.\n\n"
                                    "Socialtjänstlagen gäller alla som vistas i kommunen. Personer med "
                                    "funktionsnedsättning kan få stöd enligt SoL, till exempel boendestöd eller "
                                    "hemtjänst.\n\n"
                                    "Du behöver inte kunna lagarna i detalj. Men du ska veta vilken lag och vilket "
                                    "beslut stödet bygger på."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Tystnadsplikt i vardagen",
                                "format": "film",
                                "minutes": 20,
                                "mandatory": True,
                                "body": (
                                    "En kort film om vad tystnadsplikt betyder i vardagen: vad du får berätta, för "
                                    "vem och när."
                                ),
                                "url": "https://www.socialstyrelsen.se/kunskapsstod-och-regler/omraden/funktionsnedsattning/",
                            },
                            {
                                "title": "Dokumentation och lex Sarah",
                                "format": "text",
                                "minutes": 25,
                                "mandatory": True,
                                "body": (
                                    "Dokumentera det som är viktigt för personens stöd. Skriv sakligt och "
                                    "respektfullt. Skriv så att personen själv skulle kunna läsa texten.\n\n"
                                    "Dokumentationen visar att personen får det stöd som har beslutats. Den hjälper "
                                    "också kollegor att veta vad som har hänt.\n\n"
                                    "Alla som arbetar inom LSS och socialtjänsten ska rapportera missförhållanden och "
                                    "risker för missförhållanden. Det kallas lex Sarah. Rapportera enligt rutinen på "
                                    "din arbetsplats, oftast till din chef. Gör det direkt.\n\n"
                                    "Exempel på missförhållanden är att någon inte får mat eller läkemedel, att någon "
                                    "blir illa behandlad eller att stödet inte ges enligt beslutet."
                                ),
                                "url": "",
                            },
                            {
                                "title": "IVO om lex Sarah",
                                "format": "link",
                                "minutes": 15,
                                "mandatory": False,
                                "body": (
                                    "Inspektionen för vård och omsorg förklarar lex Sarah. Frivillig uppgift för dig "
                                    "som vill veta mer."
                                ),
                                "url": "https://www.ivo.se/for-vard-och-omsorgsgivare/lex-sarah/",
                            },
                        ],
                        "checklist": [
                            "Läs arbetsplatsens rutin för lex Sarah.",
                            "Läs igenom några av dina egna anteckningar. Är de sakliga och respektfulla?",
                            "Prata med en kollega om en situation där självbestämmande och omsorg var svåra att förena.",
                        ],
                        "trainer_material": (
                            "Färdigt utbildningspaket med presentation, körschema, korta filmer och fall att "
                            "diskutera i grupp. Samtalsledaren får en handledning med förslag på frågor."
                        ),
                    },
                    {
                        "code": "kurs-3-funktionsnedsattningar-och-vanliga-konsekvenser",
                        "title": "Kurs 3 Funktionsnedsättningar och vanliga konsekvenser",
                        "kind": "led",
                        "summary": (
                            "Kursen ger kunskap om vanliga funktionsnedsättningar, till exempel intellektuell "
                            "funktionsnedsättning, autism och förvärvad hjärnskada. Du lär dig hur de kan påverka "
                            "vardagen och hur du kan ge ett bra stöd."
                        ),
                        "day_count": 1,
                        "day_mode": "on_site",
                        "day_mode_note": "Genomförs i kommunen eller på arbetsplatsen med lokala samtalsledare.",
                        "tasks": [
                            {
                                "title": "Funktionsnedsättning och funktionshinder",
                                "format": "text",
                                "minutes": 30,
                                "mandatory": True,
                                "body": (
                                    "Funktionsnedsättning betyder att en person har en nedsatt fysisk, psykisk eller "
                                    "intellektuell förmåga. Det kan till exempel vara svårt att se, höra, röra sig, "
                                    "minnas eller planera.\n\n"
                                    "Funktionshinder är något annat. Det är den begränsning som uppstår i mötet med "
                                    "omgivningen. En trappa blir ett hinder för den som använder rullstol. Ett "
                                    "krångligt brev blir ett hinder för den som har svårt att läsa.\n\n"
                                    "Därför kan omgivningen minska hindren. Du är en del av omgivningen. Ditt "
                                    "bemötande, din kommunikation och hur ni ordnar miljön kan göra stor skillnad.\n\n"
                                    "Två personer med samma diagnos kan ha helt olika behov. Utgå alltid från "
                                    "personen, inte från diagnosen."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Vanliga funktionsnedsättningar",
                                "format": "handbook",
                                "minutes": 40,
                                "mandatory": True,
                                "body": (
                                    "Intellektuell funktionsnedsättning innebär svårigheter med att tänka abstrakt, "
                                    "lära sig nya saker och lösa problem. Tydlighet, tid och konkreta exempel "
                                    "hjälper.\n\n"
                                    "Autism påverkar kommunikation och socialt samspel. Många är känsliga för ljud, "
                                    "ljus eller beröring och behöver förutsägbarhet. Bildstöd och scheman kan "
                                    "hjälpa.\n\n"
                                    "ADHD påverkar uppmärksamhet, impulskontroll och aktivitetsnivå. Korta "
                                    "instruktioner och en lugn miljö kan underlätta.\n\n"
                                    "En förvärvad hjärnskada kan uppstå efter en olycka, en stroke eller en sjukdom. "
                                    "Trötthet och problem med minnet är vanligt.\n\n"
                                    "Många har mer än en funktionsnedsättning. Fråga personen och kollegor vad som "
                                    "fungerar bäst."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Tydliggörande stöd i vardagen",
                                "format": "film",
                                "minutes": 25,
                                "mandatory": True,
                                "body": (
                                    "Filmen visar hur bildstöd, scheman och en lugn miljö kan göra vardagen lättare. "
                                    "Tänk på om något av detta kan användas på din arbetsplats."
                                ),
                                "url": "https://kunskapsguiden.se/omraden-och-teman/funktionshinder/tydliggorande-stod/",
                            },
                            {
                                "title": "Podd: Att leva med autism – egna berättelser",
                                "format": "podcast",
                                "minutes": 30,
                                "mandatory": False,
                                "body": (
                                    "Personer med autism berättar om sin vardag och om vilket stöd som hjälper. "
                                    "Frivillig uppgift."
                                ),
                                "url": "https://kunskapsguiden.se/poddar/att-leva-med-autism/",
                            },
                            {
                                "title": "Fakta om funktionsnedsättningar på 1177",
                                "format": "link",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "Läs om en funktionsnedsättning som någon du stöttar har. Anteckna en sak som du "
                                    "vill veta mer om."
                                ),
                                "url": "https://www.1177.se/liv--halsa/funktionsnedsattningar/",
                            },
                        ],
                        "checklist": [
                            "Pröva ett bildstöd eller schema tillsammans med en person du stöttar.",
                            "Prata med kollegorna om hur miljön på arbetsplatsen kan bli lugnare och tydligare.",
                        ],
                        "trainer_material": (
                            "Färdigt utbildningspaket med presentation, filmer, övningar och diskussionsfrågor. "
                            "Samtalsledaren får en handledning och förslag på hur dagen kan delas upp."
                        ),
                    },
                    {
                        "code": "webbkurs-bemotande-och-kommunikation",
                        "title": "Webbkurs: Bemötande och kommunikation",
                        "kind": "web",
                        "summary": (
                            "En webbkurs om gott bemötande och om hur du kommunicerar med personer som har olika "
                            "behov. Kursen är gratis och du gör den på egen hand."
                        ),
                        "day_count": 0,
                        "day_mode": "",
                        "day_mode_note": "",
                        "tasks": [
                            {
                                "title": "Vad är ett gott bemötande?",
                                "format": "text",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "Ett gott bemötande visar respekt. Du hälsar, lyssnar och tar personen på allvar. "
                                    "Du pratar med personen, inte om personen.\n\n"
                                    "Ge personen tid. Vänta på svar. Ställ en fråga i taget.\n\n"
                                    "Tänk på ditt kroppsspråk och din röst. Det du gör säger ofta lika mycket som "
                                    "det du säger."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Kommunikation på många sätt",
                                "format": "film",
                                "minutes": 10,
                                "mandatory": True,
                                "body": (
                                    "Filmen visar hur tecken, bilder och samtalsmattor kan hjälpa personer som inte "
                                    "använder talat språk."
                                ),
                                "url": "https://kunskapsguiden.se/omraden-och-teman/funktionshinder/kommunikation/",
                            },
                            {
                                "title": "Alternativ och kompletterande kommunikation (AKK)",
                                "format": "text",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "AKK betyder alternativ och kompletterande kommunikation. Det är sätt att "
                                    "kommunicera som ersätter eller stödjer talet.\n\n"
                                    "Exempel är tecken som stöd, bilder, symboler och talande hjälpmedel. Många "
                                    "använder flera sätt samtidigt.\n\n"
                                    "Alla i personalen behöver använda samma sätt. Då blir kommunikationen trygg "
                                    "och förutsägbar för personen."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Mer om AKK",
                                "format": "link",
                                "minutes": 10,
                                "mandatory": False,
                                "body": "Fler tips och exempel på AKK i vardagen. Frivillig uppgift.",
                                "url": "https://www.socialstyrelsen.se/kunskapsstod-och-regler/omraden/funktionsnedsattning/kommunikation/",
                            },
                        ],
                        "checklist": [
                            "Ta reda på vilka kommunikationssätt personerna på din arbetsplats använder.",
                        ],
                        "trainer_material": "Webbkursen görs på egen hand och har inget utbildarmaterial.",
                    },
                ],
            },
            {
                "code": "fordjupning",
                "name": "FÖRDJUPNING",
                "description": (
                    "För dig som har gått BAS och vill fördjupa dig inom ett område. Vissa kurser ges i "
                    "kommunen, andra regionalt."
                ),
                "objectives": [
                    "Fördjupa sin kunskap inom ett område som är viktigt för verksamheten.",
                    "Använda kunskapsbaserade arbetssätt i det dagliga stödet.",
                    "Dela sin kunskap med kollegor i arbetsgruppen.",
                ],
                "courses": [
                    {
                        "code": "psykisk-halsa-och-funktionsnedsattning",
                        "title": "Psykisk hälsa och funktionsnedsättning",
                        "kind": "led",
                        "summary": (
                            "Kursen handlar om psykisk ohälsa hos personer med funktionsnedsättning. Du lär dig "
                            "känna igen tecken och hur du kan ge stöd i vardagen."
                        ),
                        "day_count": 1,
                        "day_mode": "on_site",
                        "day_mode_note": "Genomförs i kommunen med lokala utbildare.",
                        "tasks": [
                            {
                                "title": "Psykisk ohälsa – tecken att vara uppmärksam på",
                                "format": "text",
                                "minutes": 25,
                                "mandatory": True,
                                "body": (
                                    "Personer med funktionsnedsättning drabbas oftare av psykisk ohälsa än andra. "
                                    "Tecknen kan vara svåra att se, särskilt om personen har svårt att berätta hur "
                                    "den mår.\n\n"
                                    "Var uppmärksam på förändringar. Det kan vara sämre sömn, mindre aptit, oro "
                                    "eller att personen drar sig undan.\n\n"
                                    "Berätta för din chef och dokumentera det du ser. Ibland behövs kontakt med "
                                    "hälso- och sjukvården."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Föreläsning om psykisk hälsa",
                                "format": "film",
                                "minutes": 30,
                                "mandatory": True,
                                "body": "En inspelad föreläsning om psykisk hälsa hos personer med funktionsnedsättning.",
                                "url": "https://kunskapsguiden.se/omraden-och-teman/psykisk-ohalsa/",
                            },
                            {
                                "title": "Uppdrag Psykisk Hälsa",
                                "format": "link",
                                "minutes": 15,
                                "mandatory": False,
                                "body": "SKR:s sidor om psykisk hälsa med fler tips och verktyg. Frivillig uppgift.",
                                "url": "https://www.uppdragpsykiskhalsa.se/",
                            },
                        ],
                        "checklist": [
                            "Prata i arbetsgruppen om hur ni gör när någon verkar må psykiskt dåligt.",
                        ],
                        "trainer_material": (
                            "Körschema, presentation och fallövningar för en dag. Utbildarna får en handledning "
                            "och förslag på diskussionsfrågor."
                        ),
                    },
                ],
            },
            {
                "code": "spets",
                "name": "SPETS",
                "description": (
                    "För dig som har en särskild roll, till exempel handledare eller ombud inom ett område. "
                    "Kurser på steget ges främst regionalt och publiceras successivt."
                ),
                "objectives": [
                    "Vara ett stöd för kollegor inom sitt särskilda område.",
                    "Bidra till att utveckla verksamhetens arbetssätt utifrån bästa tillgängliga kunskap.",
                ],
                "courses": [],
            },
            {
                "code": "chef",
                "name": "CHEF",
                "description": "Kurser för chefer. För enhetschefer och arbetsledare i verksamheten.",
                "objectives": [
                    "Leda införandet av Yrkesresan på sin arbetsplats.",
                    "Skapa förutsättningar för medarbetarna att delta i förberedelser, kursdagar och efterarbete.",
                    "Följa upp hur medarbetarnas nya kunskaper används i verksamheten.",
                ],
                "courses": [
                    {
                        "code": "att-leda-yrkesresan-pa-arbetsplatsen",
                        "title": "Att leda Yrkesresan på arbetsplatsen",
                        "kind": "web",
                        "summary": (
                            "En webbkurs för chefer om hur du planerar och följer upp Yrkesresan i din verksamhet. "
                            "Kursen är gratis och du gör den på egen hand."
                        ),
                        "day_count": 0,
                        "day_mode": "",
                        "day_mode_note": "",
                        "tasks": [
                            {
                                "title": "Chefens roll i Yrkesresan",
                                "format": "text",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "Du ger dina medarbetare förutsättningar att delta. Det betyder tid för "
                                    "förberedelser, kursdagar och efterarbete.\n\n"
                                    "Planera tillsammans med arbetsgruppen. Bestäm när kurserna ska gå och hur "
                                    "verksamheten ska fungera under tiden.\n\n"
                                    "Följ upp. Prata om kurserna på arbetsplatsträffar och fråga vad medarbetarna "
                                    "har lärt sig."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Lokala samtalsledare",
                                "format": "text",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "BAS-kurserna leds av lokala samtalsledare. De kommer från kommunens egna "
                                    "verksamheter.\n\n"
                                    "Som chef kan du hjälpa till att hitta samtalsledare. Ge dem tid att förbereda "
                                    "sig och att delta i öppet forum för utbildare.\n\n"
                                    "Samtalsledarna får ett färdigt utbildningspaket i lärplattformen."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Följ dina medarbetares framsteg",
                                "format": "film",
                                "minutes": 10,
                                "mandatory": True,
                                "body": "En kort film som visar hur du ser vilka kurser dina medarbetare har gjort.",
                                "url": "https://skr.se/yrkesresan/filmer/foljframsteg.html",
                            },
                        ],
                        "checklist": [
                            "Gör en plan för när alla medarbetare ska ha gått kurserna i BAS.",
                            "Utse minst en lokal samtalsledare på din enhet.",
                        ],
                        "trainer_material": "Webbkursen görs på egen hand och har inget utbildarmaterial.",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    # 3. Skadligt bruk och beroende, myndighetsutövning
    # ------------------------------------------------------------------
    {
        "code": "beroende",
        "name": "Skadligt bruk och beroende, myndighetsutövning",
        "short_name": "Beroende",
        "producer": "Kommunal utveckling, Jönköpings län",
        "launched": "2025",
        "audience": "Handläggare inom myndighetsutövning för skadligt bruk och beroende",
        "description": (
            "Yrkesresan för dig som utreder och handlägger ärenden om skadligt bruk och beroende i "
            "socialtjänsten. Kursproduktionen pågår på nationell nivå. Steg och kurser läggs in när de har "
            "publicerats."
        ),
        "levels": [
            {
                "code": "bas",
                "name": "BAS",
                "description": (
                    "Stegen för den här yrkesresan är inte publicerade ännu. Redaktörerna lägger in steg och "
                    "kurser när de är klara."
                ),
                "objectives": [
                    "Arbeta i enlighet med sitt uppdrag och socialtjänstens ansvar för personer med skadligt bruk eller beroende.",
                    "Bemöta personer och deras närstående med respekt och främja delaktighet.",
                    "Handlägga, dokumentera och samverka med hälso- och sjukvården utifrån gällande regelverk.",
                ],
                "courses": [
                    {
                        "code": "introduktion-till-skadligt-bruk-och-beroende",
                        "title": "Introduktion till skadligt bruk och beroende",
                        "kind": "web",
                        "summary": (
                            "En webbkurs om grundläggande begrepp och om socialtjänstens ansvar. Kursen är gratis "
                            "och du gör den på egen hand."
                        ),
                        "day_count": 0,
                        "day_mode": "",
                        "day_mode_note": "",
                        "tasks": [
                            {
                                "title": "Begrepp: skadligt bruk och beroende",
                                "format": "text",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "Skadligt bruk betyder att användningen av till exempel alkohol eller narkotika "
                                    "skadar personens hälsa. Beroende är mer än så. Personen har svårt att kontrollera "
                                    "användningen och fortsätter trots att det får negativa följder.\n\n"
                                    "Det kan gälla alkohol, narkotika, beroendeframkallande läkemedel och spel om "
                                    "pengar.\n\n"
                                    "Många har också psykisk ohälsa. Det kallas samsjuklighet. Då behöver stödet "
                                    "ofta samordnas mellan flera aktörer."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Socialtjänstens ansvar",
                                "format": "text",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "Socialtjänsten ska aktivt arbeta för att den som har ett skadligt bruk eller "
                                    "beroende får den hjälp och vård som personen behöver. Arbetet bygger i första "
                                    "hand på frivillighet och socialtjänstlagen.\n\n"
                                    "I vissa fall kan vård utan samtycke bli aktuell enligt lagen om vård av "
                                    "missbrukare i vissa fall (LVM).\n\n"
                                    "Kommunen och regionen ska samarbeta. Hälso- och sjukvården ansvarar till exempel "
                                    "för medicinsk behandling."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Kunskapsguiden om skadligt bruk och beroende",
                                "format": "link",
                                "minutes": 10,
                                "mandatory": False,
                                "body": "Nationella riktlinjer och kunskapsstöd samlade på ett ställe. Frivillig uppgift.",
                                "url": "https://kunskapsguiden.se/omraden-och-teman/missbruk-och-beroende/",
                            },
                        ],
                        "checklist": [],
                        "trainer_material": "Webbkursen görs på egen hand och har inget utbildarmaterial.",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    # 4. Äldreomsorg, utförarverksamhet
    # ------------------------------------------------------------------
    {
        "code": "aldre-utforare",
        "name": "Äldreomsorg, utförarverksamhet",
        "short_name": "Äldre utförare",
        "producer": "FoU-centrum Linköping (Östergötland)",
        "launched": "2025–2026",
        "audience": "Medarbetare i äldreomsorgens utförarverksamhet, till exempel undersköterskor och vårdbiträden",
        "description": (
            "Den största yrkesresan, för omkring 203 000 medarbetare i hemtjänst och särskilt boende. Kurserna "
            "ska främst ges i kommunen eller på arbetsplatsen med lokala samtalsledare. Steg och kurser läggs in "
            "när de har publicerats."
        ),
        "levels": [
            {
                "code": "bas",
                "name": "BAS",
                "description": (
                    "Stegen för den här yrkesresan är inte publicerade ännu. Redaktörerna lägger in steg och "
                    "kurser när de är klara."
                ),
                "objectives": [
                    "Arbeta utifrån äldreomsorgens värdegrund så att äldre personer kan leva ett värdigt liv och känna välbefinnande.",
                    "Bemöta äldre personer med respekt och låta dem vara delaktiga i sin omsorg.",
                    "Dokumentera och följa rutiner för tystnadsplikt och rapportering av missförhållanden.",
                ],
                "courses": [
                    {
                        "code": "introduktion-till-aldreomsorgen",
                        "title": "Introduktion till äldreomsorgen",
                        "kind": "web",
                        "summary": (
                            "En webbkurs om äldreomsorgens värdegrund och om hur du ger en trygg och personcentrerad "
                            "omsorg. Kursen är gratis och du gör den på egen hand."
                        ),
                        "day_count": 0,
                        "day_mode": "",
                        "day_mode_note": "",
                        "tasks": [
                            {
                                "title": "Äldreomsorgens värdegrund",
                                "format": "text",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "Socialtjänstlagen säger att omsorgen om äldre ska inriktas på att äldre personer "
                                    "får leva ett värdigt liv och känna välbefinnande. Det kallas den nationella "
                                    "värdegrunden.\n\n"
                                    "Ett värdigt liv handlar bland annat om integritet, självbestämmande och "
                                    "delaktighet. Personen ska få ett gott bemötande och känna sig trygg.\n\n"
                                    "I praktiken betyder det små saker varje dag. Knacka innan du går in. Fråga hur "
                                    "personen vill ha det. Ge tid."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Personcentrerad omsorg",
                                "format": "text",
                                "minutes": 15,
                                "mandatory": True,
                                "body": (
                                    "Personcentrerad omsorg betyder att du ser hela människan, inte bara behoven av "
                                    "hjälp. Personens livshistoria, vanor och önskemål är viktiga.\n\n"
                                    "Lär känna personen. Vad tycker hen om? Vad är viktigt i vardagen?\n\n"
                                    "Skriv ner det viktigaste i genomförandeplanen, så att alla kollegor vet."
                                ),
                                "url": "",
                            },
                            {
                                "title": "Trygghet och bemötande",
                                "format": "film",
                                "minutes": 10,
                                "mandatory": True,
                                "body": "En kort film där äldre personer berättar vad som gör att de känner sig trygga.",
                                "url": "https://kunskapsguiden.se/omraden-och-teman/aldre/",
                            },
                        ],
                        "checklist": [],
                        "trainer_material": "Webbkursen görs på egen hand och har inget utbildarmaterial.",
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------
    # 5. Funktionshinder, myndighetsutövning
    # ------------------------------------------------------------------
    {
        "code": "funk-myndighet",
        "name": "Funktionshinder, myndighetsutövning",
        "short_name": "Funk myndighet",
        "producer": "Kommunförbundet Västernorrland",
        "launched": "2026–2027",
        "audience": "Handläggare inom myndighetsutövning på funktionshinderområdet",
        "description": (
            "Yrkesresan för dig som utreder och fattar beslut om stöd enligt LSS och socialtjänstlagen till "
            "personer med funktionsnedsättning. Resan planeras på nationell nivå. Steg och kurser läggs in när "
            "de har publicerats."
        ),
        "levels": [
            {
                "code": "bas",
                "name": "BAS",
                "description": (
                    "Stegen för den här yrkesresan är inte publicerade ännu. Redaktörerna lägger in steg och "
                    "kurser när de är klara."
                ),
                "objectives": [
                    "Arbeta i enlighet med sitt uppdrag som handläggare på funktionshinderområdet.",
                    "Utreda och bedöma behov av stöd med personens delaktighet i centrum.",
                    "Handlägga, dokumentera och fatta beslut utifrån LSS, socialtjänstlagen och förvaltningslagen.",
                ],
                "courses": [],
            },
        ],
    },
]
