/// Facts about Brazil the synthetic generator draws from: state weights like Olist's customer mix,
/// approximate state centres, zip prefix ranges, and a few cities per state.
struct SampleState {
    let code: String
    let weight: Double
    let latitude: Double
    let longitude: Double
    /// Inclusive ranges of five-digit zip prefixes.
    let zips: [ClosedRange<Int32>]
    let cities: [String]

    static let all: [SampleState] = [
        .init(
            code: "SP", weight: 42.0, latitude: -23.0, longitude: -47.0, zips: [1000...19999],
            cities: ["sao paulo", "campinas", "santos", "ribeirão preto", "sorocaba", "guarulhos"]),
        .init(
            code: "RJ", weight: 12.9, latitude: -22.6, longitude: -43.0, zips: [20000...28999],
            cities: ["rio de janeiro", "niteroi", "petrópolis", "nova iguaçu"]),
        .init(
            code: "MG", weight: 11.7, latitude: -19.5, longitude: -44.5, zips: [30000...39999],
            cities: ["belo horizonte", "uberlândia", "juiz de fora", "contagem"]),
        .init(
            code: "RS", weight: 5.5, latitude: -30.0, longitude: -52.0, zips: [90000...99999],
            cities: ["porto alegre", "caxias do sul", "pelotas"]),
        .init(
            code: "PR", weight: 5.1, latitude: -24.9, longitude: -51.0, zips: [80000...87999],
            cities: ["curitiba", "londrina", "maringá"]),
        .init(
            code: "SC", weight: 3.7, latitude: -27.3, longitude: -50.0, zips: [88000...89999],
            cities: ["florianópolis", "joinville", "blumenau"]),
        .init(
            code: "BA", weight: 3.4, latitude: -12.8, longitude: -40.5, zips: [40000...48999],
            cities: ["salvador", "feira de santana", "vitória da conquista"]),
        .init(
            code: "DF", weight: 2.2, latitude: -15.8, longitude: -47.9, zips: [70000...72799, 73000...73699],
            cities: ["brasilia", "taguatinga"]),
        .init(
            code: "ES", weight: 2.0, latitude: -19.8, longitude: -40.5, zips: [29000...29999],
            cities: ["vitoria", "vila velha", "serra"]),
        .init(
            code: "GO", weight: 2.0, latitude: -16.2, longitude: -49.6, zips: [72800...72999, 73700...76799],
            cities: ["goiânia", "anápolis", "aparecida de goiania"]),
        .init(
            code: "PE", weight: 1.7, latitude: -8.3, longitude: -36.5, zips: [50000...56999],
            cities: ["recife", "olinda", "caruaru"]),
        .init(
            code: "CE", weight: 1.3, latitude: -4.4, longitude: -39.3, zips: [60000...63999],
            cities: ["fortaleza", "juazeiro do norte"]),
        .init(
            code: "PA", weight: 1.0, latitude: -3.5, longitude: -51.0, zips: [66000...68899],
            cities: ["belém", "ananindeua", "santarém"]),
        .init(
            code: "MT", weight: 0.9, latitude: -13.0, longitude: -56.0, zips: [78000...78899],
            cities: ["cuiabá", "rondonópolis"]),
        .init(
            code: "MA", weight: 0.75, latitude: -4.9, longitude: -45.3, zips: [65000...65999],
            cities: ["são luís", "imperatriz"]),
        .init(
            code: "MS", weight: 0.72, latitude: -20.5, longitude: -54.8, zips: [79000...79999],
            cities: ["campo grande", "dourados"]),
        .init(
            code: "PB", weight: 0.54, latitude: -7.2, longitude: -36.6, zips: [58000...58999],
            cities: ["joão pessoa", "campina grande"]),
        .init(
            code: "PI", weight: 0.5, latitude: -7.4, longitude: -42.7, zips: [64000...64999],
            cities: ["teresina", "parnaíba"]),
        .init(
            code: "RN", weight: 0.49, latitude: -5.8, longitude: -36.6, zips: [59000...59999],
            cities: ["natal", "mossoró"]),
        .init(
            code: "AL", weight: 0.42, latitude: -9.6, longitude: -36.6, zips: [57000...57999],
            cities: ["maceió", "arapiraca"]),
        .init(code: "SE", weight: 0.35, latitude: -10.6, longitude: -37.4, zips: [49000...49999], cities: ["aracaju"]),
        .init(
            code: "TO", weight: 0.28, latitude: -10.2, longitude: -48.3, zips: [77000...77999],
            cities: ["palmas", "araguaína"]),
        .init(
            code: "RO", weight: 0.25, latitude: -10.9, longitude: -62.8, zips: [76800...76999],
            cities: ["porto velho", "ji-paraná"]),
        .init(
            code: "AM", weight: 0.15, latitude: -3.1, longitude: -60.0, zips: [69000...69299, 69400...69899],
            cities: ["manaus"]),
        .init(
            code: "AC", weight: 0.08, latitude: -9.0, longitude: -70.0, zips: [69900...69999], cities: ["rio branco"]),
        .init(code: "AP", weight: 0.07, latitude: 0.9, longitude: -51.5, zips: [68900...68999], cities: ["macapá"]),
        .init(code: "RR", weight: 0.05, latitude: 2.8, longitude: -60.7, zips: [69300...69399], cities: ["boa vista"]),
    ]
}

/// Product categories of the synthetic shop: Portuguese name, English name (nil = untranslated),
/// weight, and a typical price.
struct SampleCategory {
    let name: String
    let english: String?
    let weight: Double
    let price: Double

    static let all: [SampleCategory] = [
        .init(name: "cama_mesa_banho", english: "bed_bath_table", weight: 10, price: 90),
        .init(name: "beleza_saude", english: "health_beauty", weight: 9, price: 130),
        .init(name: "esporte_lazer", english: "sports_leisure", weight: 8, price: 115),
        .init(name: "moveis_decoracao", english: "furniture_decor", weight: 7.5, price: 85),
        .init(name: "informatica_acessorios", english: "computers_accessories", weight: 7, price: 115),
        .init(name: "utilidades_domesticas", english: "housewares", weight: 6.5, price: 90),
        .init(name: "relogios_presentes", english: "watches_gifts", weight: 5.5, price: 200),
        .init(name: "telefonia", english: "telephony", weight: 4.2, price: 70),
        .init(name: "ferramentas_jardim", english: "garden_tools", weight: 4, price: 110),
        .init(name: "automotivo", english: "auto", weight: 3.8, price: 140),
        .init(name: "brinquedos", english: "toys", weight: 3.7, price: 115),
        .init(name: "cool_stuff", english: "cool_stuff", weight: 3.4, price: 165),
        .init(name: "perfumaria", english: "perfumery", weight: 3.1, price: 125),
        .init(name: "bebes", english: "baby", weight: 2.7, price: 130),
        .init(name: "eletronicos", english: "electronics", weight: 2.5, price: 60),
        .init(name: "papelaria", english: "stationery", weight: 2.2, price: 90),
        .init(name: "fashion_bolsas_e_acessorios", english: "fashion_bags_accessories", weight: 1.8, price: 75),
        .init(name: "pet_shop", english: "pet_shop", weight: 1.6, price: 110),
        .init(name: "eletrodomesticos", english: "home_appliances", weight: 0.7, price: 200),
        .init(name: "livros_interesse_geral", english: "books_general_interest", weight: 0.5, price: 85),
        .init(name: "pc_gamer", english: nil, weight: 0.1, price: 170),
        .init(name: "portateis_cozinha_e_preparadores_de_alimentos", english: nil, weight: 0.1, price: 260),
    ]
}

/// Review comments: Portuguese, accented, some with commas, quotes and line breaks.
enum SampleText {
    static let titles = [
        "Recomendo", "Ótimo", "Bom", "Não recebi", "Produto com defeito", "Super recomendo", "Chegou antes do prazo",
    ]
    static let positive = [
        "Produto excelente, chegou antes do prazo.",
        "Muito bom, recomendo!",
        "Entrega rápida e produto de qualidade, parabéns.",
        "Gostei muito do \"acabamento\", igual à foto.",
        "Comprei para presente; minha mãe adorou.\r\nVoltarei a comprar.",
        "Tudo certo, obrigado.",
    ]
    static let negative = [
        "Não recebi o produto até agora, péssimo.",
        "Veio com defeito, a caixa estava amassada.\nQuero a troca.",
        "Produto diferente do anúncio, \"tamanho\" errado, não recomendo.",
        "Demorou demais, e ninguém responde, lamentável.",
    ]
}
