namespace TradeGraph.Core.Synthetic;

/// <summary>
/// The word lists synthetic names are built from. Countries are real (ISO 3166-1 alpha-2), roughly in order of trade
/// weight, so the busiest synthetic countries are the ones a reader expects; everything else is combined from parts.
/// </summary>
internal static class NameParts
{
    public static readonly (string Name, string IsoCode)[] Countries =
    [
        ("United States", "US"), ("China", "CN"), ("Germany", "DE"), ("Japan", "JP"), ("United Kingdom", "GB"),
        ("France", "FR"), ("India", "IN"), ("Italy", "IT"), ("South Korea", "KR"), ("Canada", "CA"),
        ("Mexico", "MX"), ("Netherlands", "NL"), ("Brazil", "BR"), ("Australia", "AU"), ("Spain", "ES"),
        ("Switzerland", "CH"), ("Singapore", "SG"), ("Russia", "RU"), ("Saudi Arabia", "SA"), ("Belgium", "BE"),
        ("Indonesia", "ID"), ("Poland", "PL"), ("Vietnam", "VN"), ("Malaysia", "MY"), ("Thailand", "TH"),
        ("Türkiye", "TR"), ("United Arab Emirates", "AE"), ("Sweden", "SE"), ("Ireland", "IE"), ("Austria", "AT"),
        ("Norway", "NO"), ("Israel", "IL"), ("Denmark", "DK"), ("South Africa", "ZA"), ("Philippines", "PH"),
        ("Chile", "CL"), ("Argentina", "AR"), ("Czechia", "CZ"), ("Finland", "FI"), ("Colombia", "CO"),
        ("Egypt", "EG"), ("Bangladesh", "BD"), ("Pakistan", "PK"), ("Nigeria", "NG"), ("Portugal", "PT"),
        ("New Zealand", "NZ"), ("Peru", "PE"), ("Greece", "GR"), ("Hungary", "HU"), ("Romania", "RO"),
        ("Kazakhstan", "KZ"), ("Qatar", "QA"), ("Kuwait", "KW"), ("Ukraine", "UA"), ("Morocco", "MA"),
        ("Algeria", "DZ"), ("Iraq", "IQ"), ("Slovakia", "SK"), ("Ecuador", "EC"), ("Kenya", "KE"),
        ("Ethiopia", "ET"), ("Sri Lanka", "LK"), ("Dominican Republic", "DO"), ("Oman", "OM"), ("Guatemala", "GT"),
        ("Luxembourg", "LU"), ("Bulgaria", "BG"), ("Ghana", "GH"), ("Croatia", "HR"), ("Uzbekistan", "UZ"),
        ("Costa Rica", "CR"), ("Panama", "PA"), ("Lithuania", "LT"), ("Serbia", "RS"), ("Slovenia", "SI"),
        ("Tanzania", "TZ"), ("Uruguay", "UY"), ("Côte d'Ivoire", "CI"), ("Angola", "AO"), ("Jordan", "JO"),
        ("Cameroon", "CM"), ("Bahrain", "BH"), ("Latvia", "LV"), ("Estonia", "EE"), ("Paraguay", "PY"),
        ("Tunisia", "TN"), ("Cambodia", "KH"), ("Bolivia", "BO"), ("Uganda", "UG"), ("Nepal", "NP"),
        ("Zambia", "ZM"), ("Iceland", "IS"), ("Senegal", "SN"), ("Mongolia", "MN"), ("Laos", "LA"),
        ("Myanmar", "MM"), ("Brunei", "BN"), ("Fiji", "FJ"), ("Papua New Guinea", "PG"), ("Mauritius", "MU"),
        ("Botswana", "BW"), ("Namibia", "NA"), ("Zimbabwe", "ZW"), ("Jamaica", "JM"), ("Trinidad and Tobago", "TT"),
        ("Honduras", "HN"), ("El Salvador", "SV"), ("Nicaragua", "NI"), ("Georgia", "GE"), ("Armenia", "AM"),
        ("Azerbaijan", "AZ"), ("Moldova", "MD"), ("North Macedonia", "MK"), ("Albania", "AL"),
        ("Bosnia and Herzegovina", "BA"), ("Cyprus", "CY"), ("Malta", "MT"), ("Lebanon", "LB"), ("Madagascar", "MG"),
        ("Mozambique", "MZ"), ("Rwanda", "RW"),
    ];

    public static readonly string[] GivenNames =
    [
        "Maria", "Wei", "John", "Ana", "Hiroshi", "Fatima", "David", "Li", "Carlos", "Elena", "Ahmed", "Sofia", "James",
        "Yuki", "Olga", "Rahul", "Grace", "Pedro", "Mei", "Thomas", "Amina", "Lars", "Priya", "Kwame", "Julia",
        "Mohammed", "Ingrid", "Jorge", "Hana", "Peter", "Aisha", "Marco", "Chen", "Laura", "Dmitri", "Nadia", "Kenji",
        "Isabel", "Samuel", "Leila", "Andrzej", "Lucía", "Tariq", "Emma", "Raj", "Chloé", "Oluwaseun", "Anders",
        "Min-jun", "Beatriz", "Sergei", "Zanele", "Giulia", "Arjun", "Noura", "Felipe", "Katarzyna", "Hassan",
        "Astrid", "Takeshi", "Camila", "Nikolai", "Amara", "François",
    ];

    public static readonly string[] Surnames =
    [
        "Chen", "Wang", "Smith", "Garcia", "Tanaka", "Müller", "Silva", "Kim", "Nguyen", "Kowalski", "Rossi", "Ivanov",
        "Sharma", "Okafor", "Johansson", "Dubois", "Hernández", "Li", "Zhang", "Sato", "Novak", "Haddad", "Santos",
        "Park", "Khan", "Fischer", "Moreau", "Petrov", "Yilmaz", "Mensah", "Andersen", "Costa", "Fernández", "Suzuki",
        "Liu", "Patel", "Rahman", "Schmidt", "Lopez", "Bianchi", "Kovač", "Popescu", "Nakamura", "Mahlangu", "Ortiz",
        "Lindqvist", "O'Brien", "Van Dijk", "Al-Sayed", "Horvath", "Jensen", "Wójcik", "Morales", "Yamamoto", "Zhou",
        "Huang", "Choi", "Kaya", "Abdullah", "Bergström", "Castillo", "Dimitrov", "Eriksen", "Ferreira", "Gómez",
        "Hakimi", "Ito", "Jovanović", "Kariuki", "Lam", "Mendoza", "Nasser", "Osei", "Pereira", "Quispe", "Reyes",
        "Tran", "Vargas", "Walker", "Xu", "Yang",
    ];

    public static readonly string[] Titles =
    [
        "Minister of Commerce", "Minister of Trade", "Deputy Minister of Commerce", "Vice Premier", "Trade Representative",
        "Deputy Trade Representative", "Minister of Finance", "Minister of Foreign Affairs", "Ambassador", "Chief Negotiator",
        "Director-General for Trade", "Minister of Agriculture", "Minister of Industry", "President", "Prime Minister",
        "Central Bank Governor", "Senior Trade Adviser", "Deputy Foreign Minister", "Minister of Economy", "Under Secretary for Trade",
    ];

    /// <summary>Base goods and their category; "Soybeans" is among them, as in the seed.</summary>
    public static readonly (string Name, string Category)[] Commodities =
    [
        ("Soybeans", "agricultural"), ("Steel", "metals"), ("Semiconductors", "technology"), ("Rare earth elements", "minerals"),
        ("Crude oil", "energy"), ("Wheat", "agricultural"), ("Aluminium", "metals"), ("Automobiles", "manufactured"),
        ("Corn", "agricultural"), ("Natural gas", "energy"), ("Copper", "metals"), ("Electric vehicles", "manufactured"),
        ("Rice", "agricultural"), ("Pharmaceuticals", "manufactured"), ("Lithium", "minerals"), ("Solar panels", "technology"),
        ("Pork", "agricultural"), ("Beef", "agricultural"), ("Cotton", "agricultural"), ("Coffee", "agricultural"),
        ("Machinery", "manufactured"), ("Aircraft", "manufactured"), ("Iron ore", "minerals"), ("Coal", "energy"),
        ("Batteries", "technology"), ("Smartphones", "technology"), ("Textiles", "manufactured"), ("Sugar", "agricultural"),
        ("Palm oil", "agricultural"), ("Nickel", "metals"), ("Cobalt", "minerals"), ("Liquefied natural gas", "energy"),
        ("Fertilizers", "chemicals"), ("Plastics", "chemicals"), ("Auto parts", "manufactured"), ("Cocoa", "agricultural"),
        ("Dairy products", "agricultural"), ("Poultry", "agricultural"), ("Seafood", "agricultural"), ("Wine", "agricultural"),
        ("Tea", "agricultural"), ("Rubber", "agricultural"), ("Timber", "forestry"), ("Gold", "metals"), ("Zinc", "metals"),
        ("Tin", "metals"), ("Gallium", "minerals"), ("Graphite", "minerals"), ("Wind turbines", "technology"),
        ("Medical devices", "technology"), ("Ships", "manufactured"), ("Telecom equipment", "technology"),
        ("Toys", "manufactured"), ("Footwear", "manufactured"), ("Furniture", "manufactured"), ("Barley", "agricultural"),
        ("Fruit", "agricultural"), ("Chemicals", "chemicals"), ("Lumber", "forestry"), ("Potash", "minerals"),
    ];

    public static readonly string[] CommodityQualifiers = ["Processed", "Refined", "Frozen", "Raw", "Recycled", "Organic", "Industrial", "High-grade"];

    public static readonly string[] Forums =
    [
        "World Trade Organization", "Asia-Pacific Economic Cooperation", "Group of Twenty", "Group of Seven",
        "Association of Southeast Asian Nations", "Organisation for Economic Co-operation and Development",
        "United Nations Conference on Trade and Development", "African Continental Free Trade Area", "Mercosur",
        "Shanghai Cooperation Organisation", "BRICS", "Gulf Cooperation Council", "Pacific Alliance",
        "Eurasian Economic Union", "International Monetary Fund",
    ];

    public static readonly string[] GovernmentBodies =
    [
        "Ministry of Commerce", "Ministry of Trade and Industry", "Ministry of Finance", "Ministry of Foreign Affairs",
        "Ministry of Agriculture", "Customs Administration", "Office of the Trade Representative", "Central Bank",
        "Ministry of Economy", "Export Control Agency", "Ministry of Industry", "Investment Promotion Agency",
    ];

    public static readonly string[] MediaNames =
    [
        "Herald", "Times", "Post", "Trade Wire", "Business News", "Daily", "Economic Review", "Tribune", "Observer",
        "Financial Journal", "Gazette", "Courier",
    ];

    public static readonly string[] Industries =
    [
        "Chamber of Commerce", "Steel Association", "Soybean Association", "Semiconductor Industry Association",
        "Automotive Manufacturers Association", "Shipping Council", "Textile Federation", "Farm Bureau",
        "Exporters Association", "Mining Council",
    ];

    public static readonly string[] PlaceStems =
    [
        "Ald", "Bren", "Cor", "Dun", "Ess", "Fal", "Gar", "Hal", "Kel", "Lor", "Mar", "Nor", "Or", "Pel", "Quen", "Ros",
        "Sal", "Tor", "Val", "Wes", "Ar", "Bel", "Cal", "Del", "El", "Fen", "Gal", "Hav", "Is", "Jun", "Kar", "Lin",
        "Mon", "Nar", "Os", "Por", "Riv", "Sant", "Tal", "Ver",
    ];

    public static readonly string[] PlaceSuffixes =
    [
        "ford", "mouth", "haven", "burg", "ton", "polis", "ara", "ina", "stad", "ville", "port", "dale", "mere", "ora", "ano",
    ];

    public static readonly string[] PlacePrefixes = ["", "Port ", "New ", "San ", "Lake "];

    public static readonly string[] Topics =
    [
        "Steel overcapacity", "Rare earth supply", "Currency policy", "Intellectual property", "Technology transfer",
        "Digital trade", "Agricultural subsidies", "Semiconductor supply chains", "Shipping fees", "Critical minerals",
        "Market access", "State-owned enterprises", "Export credit", "Investment screening", "Carbon border adjustment",
        "Fisheries subsidies", "Food security", "Dispute settlement", "Forced labour in supply chains", "Data flows",
        "Fentanyl trafficking", "Arms control", "Regional security", "Sanctions enforcement", "Debt relief",
    ];

    public static readonly string[] Outcomes =
    [
        "The sides hope to agree on purchase volumes.",
        "Both sides want to lower or suspend the tariffs in place.",
        "A timetable for easing export restrictions is expected.",
        "The sides aim to settle quality and inspection rules.",
        "Negotiators expect to extend the current arrangement by a year.",
        "One side wants firm commitments; the other prefers a review mechanism.",
        "A joint working group is expected to be set up.",
        "The sides hope to restore trade to its earlier level.",
    ];

    public static readonly string[] Summaries =
    [
        "Said the talks had been constructive and that more work was needed.",
        "Warned that tariffs could rise if no agreement is reached.",
        "Said a deal on farm purchases was within reach.",
        "Declined to give a date for the next round.",
        "Said export controls would stay in place for now.",
    ];

    public static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
}
