//! Product pictures, drawn rather than downloaded: every product gets a flat-illustration SVG of
//! the object its style names (the name may pick a sibling: "Sunglasses" in style "glasses"; and
//! for vague styles like "kitchen" or "christmas" the name's head noun decides), else its
//! category's object, else a gift box. The object is filled with the first colour word of the
//! name or description and stands on a pastel tile tinted by category.
//!
//! Drawing is deterministic: the same product always gives the same bytes. A hash of the id
//! (FNV-1a) varies the tilt, offset, accent colour and background pattern, so that two products
//! of the same style do not look identical. No input text ever reaches the output.

mod shapes;

use std::fmt::{self, Write};

/// What a product picture is drawn from.
pub struct ImageSpec<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub category: &'a str,
    pub style: &'a str,
    pub description: &'a str,
}

/// A complete standalone SVG document (with xmlns), viewBox "0 0 400 400", drawn from the
/// product's category, style and colour words.
pub fn product_svg(spec: &ImageSpec<'_>) -> String {
    let h = fnv1a(spec.id.as_bytes());
    let shape = shape_for_product(spec);
    let def = shapes::lookup(shape).unwrap_or(shapes::FALLBACK);
    let colour = find_colour(spec.name).or_else(|| find_colour(spec.description));
    let main = match (colour, def.natural) {
        (Some(c), _) => c,
        (None, Some(n)) => Col::hex(n),
        (None, None) => PALETTE[(h >> 36) as usize % PALETTE.len()],
    };
    let look = Look {
        hash: h,
        tint: tint_for(spec.category),
        rot: (h % 11) as i32 - 5,
        dx: ((h >> 8) % 17) as i32 - 8,
        dy: ((h >> 16) % 11) as i32 - 5,
        pattern: ((h >> 24) % 4) as u8,
        spot: ((h >> 30) % 3) as u8,
    };
    render(
        &look,
        def,
        Pal::new(main, accent_for(main, h >> 40), (h >> 48) as u32),
    )
}

/// A picture for a category tile (same look), viewBox 0 0 400 400.
pub fn category_svg(category: &str) -> String {
    let h = fnv1a(category.as_bytes());
    let shape = if category.eq_ignore_ascii_case("featured") {
        "star"
    } else {
        shape_for("", category)
    };
    let def = shapes::lookup(shape).unwrap_or(shapes::FALLBACK);
    let main = def
        .natural
        .map_or(PALETTE[(h >> 36) as usize % PALETTE.len()], Col::hex);
    let look = Look {
        hash: h,
        tint: tint_for(category),
        rot: 0,
        dx: 0,
        dy: 0,
        pattern: 1 + ((h >> 24) % 3) as u8,
        spot: 0,
    };
    render(
        &look,
        def,
        Pal::new(main, accent_for(main, h >> 40), (h >> 48) as u32),
    )
}

// ---------------------------------------------------------------------------------------------
// Choosing the object

/// How a keyword is matched: `Pre` at the start of a word ("boot" in "booties"), `Word` as a
/// whole word with an optional plural ("cap", "caps", but not "landscape").
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Pre,
    Word,
}
use Mode::{Pre, Word};

/// Keyword → shape, most specific first. A weak keyword names an occasion or a department
/// rather than an object ("kitchen", "christmas"): the product name may refine it.
struct Key {
    key: &'static str,
    shape: &'static str,
    mode: Mode,
    weak: bool,
}

const fn k(key: &'static str, shape: &'static str) -> Key {
    Key {
        key,
        shape,
        mode: Pre,
        weak: false,
    }
}
const fn w(key: &'static str, shape: &'static str) -> Key {
    Key {
        key,
        shape,
        mode: Word,
        weak: false,
    }
}
const fn weak(key: &'static str, shape: &'static str) -> Key {
    Key {
        key,
        shape,
        mode: Pre,
        weak: true,
    }
}
const fn weak_w(key: &'static str, shape: &'static str) -> Key {
    Key {
        key,
        shape,
        mode: Word,
        weak: true,
    }
}

#[rustfmt::skip]
const KEYS: &[Key] = &[
    // compounds that contain other keywords
    k("sleeping bag", "sleepingbag"), k("sleepingbag", "sleepingbag"), k("cookbook", "book"),
    k("keyboard", "keyboard"), k("headphone", "headphones"), k("headset", "headphones"),
    k("earbud", "earbuds"), k("microphone", "microphone"), w("mic", "microphone"),
    k("earring", "earrings"), k("sunglass", "sunglasses"), k("eyeglass", "glasses"),
    k("teapot", "teapot"), k("teacup", "cup"), k("cupcake", "cupcake"), k("potato", "snackbag"),
    k("chips", "snackbag"), k("crisps", "snackbag"), k("popcorn", "snackbag"), k("pretzel", "snackbag"),
    k("smartwatch", "smartwatch"), k("smart watch", "smartwatch"), k("water bottle", "waterbottle"),
    k("olive oil", "oliveoil"), weak("olive", "oliveoil"), k("casserole dish", "pot"), k("cheese board", "cuttingboard"), k("pour-over", "kettle"), k("pour over", "kettle"), k("runner rug", "rug"), k("table runner", "rug"), k("cutting board", "cuttingboard"), k("chopping", "cuttingboard"),
    k("candy cane", "candycane"), k("christmas tree", "tree"), k("jack-o", "pumpkin"),
    k("string light", "lights"), k("fairy light", "lights"), k("hot chocolate", "hotcup"),
    k("hot dog", "sandwich"), k("bagel", "bagel"), k("donut", "bagel"), k("doughnut", "bagel"),
    k("bedside", "table"), k("nightstand", "table"), k("bookshel", "bookshelf"), k("dresser", "dresser"), k("colander", "bowl"), k("pendant light", "lamp"), k("toothbrush", "brush"), k("blueberr", "grapes"), k("bookcase", "bookshelf"),
    k("frying", "pan"), k("saucepan", "pan"), k("dutch oven", "pot"), k("flip flop", "sandal"),
    k("flip-flop", "sandal"), k("high heel", "heel"), k("tank top", "tshirt"), k("t-shirt", "tshirt"),
    k("tshirt", "tshirt"), k("sweatshirt", "sweater"), k("bath bomb", "soap"), k("nail", "nailpolish"),
    k("bonsai", "plant"), k("eggplant", "pepper"), k("wine glass", "wineglass"),
    k("fountain", "drinkcup"), k("soda", "drinkcup"), k("smoothie", "drinkcup"), k("milkshake", "drinkcup"),
    k("wall art", "frame"), k("picture", "frame"), k("rocking chair", "chair"),
    // apparel
    k("hoodie", "hoodie"), k("sweater", "sweater"), k("cardigan", "sweater"), k("pullover", "sweater"),
    k("jumper", "sweater"), k("knitwear", "sweater"), k("jacket", "jacket"), w("coat", "jacket"),
    k("blazer", "jacket"), w("suit", "jacket"), k("parka", "jacket"), k("anorak", "jacket"), k("windbreaker", "jacket"),
    k("vest", "jacket"), k("blouse", "shirt"), k("shirt", "shirt"), k("polo", "shirt"),
    k("flannel", "shirt"), w("tee", "tshirt"), w("top", "tshirt"), k("dress", "dress"),
    k("gown", "dress"), k("jumpsuit", "dress"), k("skirt", "skirt"), k("jeans", "pants"),
    k("pants", "pants"), k("trouser", "pants"), k("legging", "pants"), k("chino", "pants"),
    k("denim", "pants"), k("shorts", "shorts"), k("sock", "socks"), k("scarf", "scarf"),
    k("scarves", "scarf"), k("shawl", "scarf"), k("neckerchief", "scarf"), k("bandana", "scarf"),
    k("beanie", "beanie"), w("cap", "cap"), w("hat", "hat"), k("fedora", "hat"), k("beret", "beanie"),
    k("necktie", "tie"), w("tie", "tie"), k("bowtie", "tie"), k("apparel", "tshirt"),
    // footwear
    k("sneaker", "sneaker"), k("trainer", "sneaker"), k("runner", "sneaker"), k("running", "sneaker"),
    k("boot", "boot"), k("sandal", "sandal"), k("slide", "sandal"), k("heel", "heel"),
    k("stiletto", "heel"), w("pump", "heel"), k("wedge", "heel"), k("slipper", "loafer"),
    k("loafer", "loafer"), k("moccasin", "loafer"), w("flats", "loafer"), k("oxford", "loafer"),
    k("brogue", "loafer"), k("mule", "loafer"), k("shoe", "loafer"), k("footwear", "sneaker"),
    // accessories
    k("backpack", "backpack"), k("daypack", "backpack"), k("rucksack", "backpack"), k("knapsack", "backpack"),
    k("handbag", "handbag"), k("purse", "handbag"), k("clutch", "handbag"), k("crossbody", "handbag"),
    k("satchel", "handbag"), k("tote", "tote"), k("duffel", "tote"), k("wallet", "wallet"),
    k("cardholder", "wallet"), w("bag", "handbag"), k("glasses", "glasses"), k("eyewear", "glasses"),
    k("spectacle", "glasses"), k("belt", "belt"), k("umbrella", "umbrella"), k("parasol", "umbrella"),
    k("watch", "watch"), k("timepiece", "watch"), k("wristwatch", "watch"),
    // jewelry
    k("necklace", "necklace"), k("pendant", "necklace"), k("locket", "necklace"), k("choker", "necklace"),
    w("chain", "necklace"), w("pearl", "necklace"), w("ring", "ring"), k("bracelet", "bracelet"),
    k("bangle", "bracelet"), k("anklet", "bracelet"), k("brooch", "brooch"), k("cufflink", "cufflinks"), k("jewel", "necklace"),
    // beauty
    k("lipstick", "lipstick"), k("lip ", "lipstick"), k("mascara", "lipstick"), k("perfume", "perfume"),
    k("fragrance", "perfume"), k("cologne", "perfume"), k("eau de", "perfume"), k("serum", "dropper"),
    k("dropper", "dropper"), k("elixir", "dropper"), k("essential oil", "dropper"), w("oil", "dropper"),
    k("lotion", "bottle"), k("shampoo", "bottle"), k("conditioner", "bottle"), k("cleanser", "bottle"),
    k("body wash", "bottle"), k("moistur", "tube"), k("sunscreen", "tube"), k("toothpaste", "tube"),
    k("cream", "tube"), k("balm", "tube"), k("makeup", "compact"), k("make-up", "compact"),
    k("palette", "compact"), k("eyeshadow", "compact"), weak("blush", "compact"), k("cosmetic", "compact"),
    k("brush", "brush"), k("shav", "razor"), k("razor", "razor"), k("beard", "razor"),
    k("soap", "soap"), weak("bathing", "soap"), weak("bath", "soap"), weak("grooming", "razor"),
    weak("skincare", "bottle"), weak("beauty", "bottle"), weak("salon", "brush"),
    // electronics
    k("speaker", "speaker"), k("soundbar", "speaker"), k("camera", "camera"), k("camcorder", "camera"),
    k("laptop", "laptop"), k("computer", "monitor"), k("monitor", "monitor"), k("desktop", "monitor"),
    k("smartphone", "phone"), k("phone", "phone"), k("tablet", "tablet"), k("ipad", "tablet"),
    k("e-reader", "tablet"), k("television", "tv"), w("tv", "tv"), k("cable", "cable"),
    k("charger", "cable"), w("cord", "cable"), k("usb", "cable"), k("gamepad", "gamepad"),
    k("controller", "gamepad"), k("gaming", "gamepad"), k("console", "gamepad"), k("radio", "speaker"),
    k("electronic", "headphones"),
    // outdoors
    w("tent", "tent"), k("lantern", "lantern"), k("kayak", "kayak"), k("canoe", "kayak"),
    k("paddle", "kayak"), k("bicycle", "bike"), k("bike", "bike"), k("cycling", "bike"),
    k("fishing", "fishing"), w("rod", "fishing"), w("reel", "fishing"), w("lure", "fishing"),
    k("compass", "compass"), k("stove", "stove"), k("burner", "stove"), w("grill", "stove"), k("cooler", "cooler"), k("ice chest", "cooler"), k("hammock", "hammock"), k("flask", "waterbottle"), k("canteen", "waterbottle"), k("thermos", "waterbottle"),
    weak("camping", "tent"), weak("hiking", "backpack"), w("pet", "bone"), w("dog", "bone"),
    k("puppy", "bone"), k("bone", "bone"), weak("kayaking", "kayak"),
    // housewares
    k("mug", "mug"), w("cup", "cup"), k("kettle", "kettle"), k("skillet", "pan"), w("wok", "pan"),
    w("pan", "pan"), w("pot", "pot"), k("casserole", "pot"), k("stockpot", "pot"), k("cookware", "pot"),
    w("plate", "plate"), k("platter", "plate"), k("dish", "plate"), k("dinnerware", "plate"),
    k("bowl", "bowl"), k("knife", "knife"), k("knives", "knife"), k("cutlery", "knife"),
    w("board", "cuttingboard"), k("blender", "blender"), k("mixer", "blender"), k("juicer", "blender"),
    k("wineglass", "wineglass"), k("goblet", "wineglass"), k("tumbler", "wineglass"), w("glassware", "wineglass"),
    k("sponge", "soap"), weak("kitchen", "pot"), weak("cooking", "pot"), weak("bakeware", "pan"),
    weak("housewares", "mug"), weak("consumable", "soap"),
    // home decor
    k("vase", "vase"), k("urn", "vase"), k("candle", "candle"), k("lamp", "lamp"), k("chandelier", "lamp"),
    k("luminaire", "lamp"), weak("lighting", "lamp"), k("lights", "lights"), w("light", "lamp"), k("frame", "frame"),
    w("art", "frame"), w("print", "frame"), k("poster", "frame"), k("painting", "frame"),
    k("canvas", "frame"), w("rug", "rug"), k("carpet", "rug"),
    k("mirror", "mirror"), k("pillow", "pillow"), k("cushion", "pillow"), w("throw", "pillow"),
    k("clock", "clock"), k("basket", "basket"), weak("decor", "vase"), weak("bedroom", "bed"),
    // furniture
    k("armchair", "chair"), k("chair", "chair"), k("recliner", "chair"), k("sofa", "sofa"),
    k("couch", "sofa"), k("loveseat", "sofa"), k("lounger", "sofa"), k("sectional", "sofa"),
    w("shelf", "bookshelf"), k("shelves", "bookshelf"), k("desk", "desk"),
    k("drawer", "dresser"), k("cabinet", "dresser"), k("sideboard", "dresser"), k("vanity", "dresser"),
    k("wardrobe", "dresser"), k("table", "table"), k("stool", "stool"), k("ottoman", "stool"),
    k("bench", "stool"), w("bed", "bed"), k("mattress", "bed"), weak("furniture", "chair"),
    // seasonal
    k("ornament", "ornament"), k("bauble", "ornament"), k("wreath", "wreath"), k("garland", "garland"),
    k("stocking", "stocking"), k("pumpkin", "pumpkin"), weak_w("tree", "tree"), weak("christmas", "ornament"),
    weak("xmas", "ornament"), weak("holiday", "ornament"), weak("halloween", "pumpkin"),
    weak("easter", "egg"), w("egg", "egg"), weak("valentine", "heart"), w("heart", "heart"),
    k("mask", "mask"), k("gingerbread", "cookie"), k("cookie", "cookie"), k("macaron", "cookie"),
    k("biscuit", "cookie"), w("cake", "cupcake"), k("muffin", "cupcake"), k("candy", "candy"),
    k("candies", "candy"), k("sweets", "candy"), k("lollipop", "candy"), k("truffle", "chocolate"),
    k("chocolate", "chocolate"), k("gift", "giftbox"), w("present", "giftbox"), weak("seasonal", "ornament"),
    // floral
    k("bouquet", "bouquet"), weak("arrangement", "bouquet"), weak("centerpiece", "bouquet"),
    weak("centrepiece", "bouquet"), w("rose", "rose"), k("peony", "rose"), k("peonies", "rose"),
    k("tulip", "tulip"), k("orchid", "orchid"), k("succulent", "succulent"), k("cactus", "succulent"),
    k("cacti", "succulent"), k("aloe", "succulent"), k("plant", "plant"), w("fern", "plant"),
    w("palm", "plant"), k("monstera", "plant"), k("ficus", "plant"), k("sunflower", "flower"),
    k("daisy", "flower"), k("daisies", "flower"), k("lily", "flower"), k("lilies", "flower"),
    k("flower", "flower"), k("blossom", "flower"), weak("floral", "bouquet"),
    // books
    k("book", "book"), w("novel", "book"), k("journal", "book"), k("diary", "book"),
    k("fiction", "book"), k("biography", "book"), k("poetry", "book"), k("atlas", "book"),
    // groceries
    k("coffee", "coffee"), w("tea", "tea"), k("pasta", "pasta"), k("spaghetti", "pasta"),
    k("noodle", "pasta"), k("honey", "honey"), k("cheese", "cheese"), w("butter", "cheese"),
    w("milk", "milk"), k("yogurt", "milk"), weak("dairy", "cheese"), k("bread", "bread"),
    k("loaf", "bread"), k("baguette", "bread"), k("croissant", "bread"), k("pastry", "bread"),
    k("pastries", "bread"), weak("bakery", "bread"), k("wine", "wine"), k("champagne", "wine"),
    k("apple", "apple"), w("pear", "apple"), k("banana", "banana"), weak("orange", "citrus"),
    w("lemon", "citrus"), w("lime", "citrus"), k("citrus", "citrus"), k("grapefruit", "citrus"),
    w("peach", "citrus"), k("nectarine", "citrus"), k("apricot", "citrus"), k("mango", "citrus"), k("kiwi", "citrus"), k("pineapple", "citrus"), k("papaya", "citrus"),
    k("grape", "grapes"), k("strawberr", "strawberry"), k("berry", "strawberry"), k("berries", "strawberry"),
    weak("fruit", "apple"), k("carrot", "carrot"), k("lettuce", "broccoli"), k("cabbage", "broccoli"), k("kale", "broccoli"), k("spinach", "broccoli"), k("broccoli", "broccoli"), w("pepper", "pepper"),
    k("tomato", "apple"), k("avocado", "apple"), weak("vegetable", "carrot"), weak("veggie", "carrot"),
    k("steak", "steak"), k("beef", "steak"), k("pork", "steak"), w("lamb", "steak"), k("sirloin", "steak"),
    weak("meat", "steak"), k("crab", "crab"), k("lobster", "crab"), w("fish", "fish"),
    k("salmon", "fish"), k("tuna", "fish"), k("shrimp", "fish"), k("prawn", "fish"), weak("seafood", "fish"),
    w("jam", "jar"), k("preserve", "jar"), k("sauce", "jar"), w("spice", "jar"), k("jar", "jar"),
    w("nut", "nuts"), k("nuts", "nuts"), k("seeds", "nuts"), k("almond", "nuts"), k("cashew", "nuts"),
    k("peanut", "nuts"), k("pistachio", "nuts"), k("walnuts", "nuts"), weak("grocer", "grocerybag"),
    // instruments
    k("guitar", "guitar"), k("ukulele", "ukulele"), k("banjo", "ukulele"), k("violin", "violin"),
    k("cello", "violin"), k("viola", "violin"), k("fiddle", "violin"), w("bass", "guitar"),
    weak("strings", "guitar"), k("piano", "piano"), w("keys", "piano"), k("synth", "synth"),
    k("drum", "drum"), k("percussion", "drum"), k("djembe", "drum"), k("cymbal", "drum"),
    w("flute", "flute"), k("clarinet", "flute"), k("recorder", "flute"), k("oboe", "flute"),
    k("trumpet", "trumpet"), k("trombone", "trumpet"), k("horn", "trumpet"), k("tuba", "trumpet"),
    k("saxophone", "saxophone"), w("sax", "saxophone"), weak("wind", "flute"), weak("brass", "trumpet"),
    weak("instrument", "guitar"),
    // tools
    k("hammer", "hammer"), k("mallet", "hammer"), k("drill", "drill"), k("wrench", "wrench"),
    k("spanner", "wrench"), k("ratchet", "wrench"), w("saw", "saw"), k("chainsaw", "saw"),
    k("screwdriver", "screwdriver"), k("toolbox", "toolbox"), k("tool box", "toolbox"),
    k("toolkit", "toolbox"), k("tool kit", "toolbox"), k("toolset", "toolbox"), k("plier", "pliers"),
    w("level", "level"), w("axe", "axe"), k("hatchet", "axe"), weak_w("set", "toolbox"), weak("tool", "toolbox"),
    // food service and snacks
    k("dispensed", "drinkcup"), k("beverage", "drinkcup"), k("drink", "drinkcup"), k("juice", "drinkcup"),
    k("lemonade", "drinkcup"), w("cola", "drinkcup"), k("beer", "mug"), k("latte", "hotcup"), k("espresso", "hotcup"),
    k("cappuccino", "hotcup"), k("cocoa", "hotcup"), k("pizza", "pizza"), k("nacho", "nachos"),
    k("tortilla", "nachos"), k("taco", "nachos"), k("sandwich", "sandwich"), w("wrap", "sandwich"),
    k("burger", "sandwich"), w("sub", "sandwich"), k("salad", "salad"), k("soup", "salad"),
    k("snack", "snackbag"), k("cuisine", "meal"), k("meal", "meal"), k("entree", "meal"),
    k("food", "meal"),
    // fallbacks with a look of their own
    k("coupon", "tag"), k("voucher", "tag"), k("gift card", "tag"), w("sale", "tag"),
];

/// The shape drawn for a style in a category: the first keyword of the style (lowercase, at a
/// word start, then anywhere), else the category's own object, else a gift box. Books are always
/// books, dispensed drinks always cups.
pub fn shape_for(style: &str, category: &str) -> &'static str {
    shape_in(style, category, "")
}

fn shape_in(style: &str, category: &str, name: &str) -> &'static str {
    let mut cat_buf = [0u8; 48];
    let cat = lower(category.trim(), &mut cat_buf);
    if cat.contains("book") {
        return "book";
    }
    if cat.contains("dispensed") {
        return if cat.contains("hot") {
            "hotcup"
        } else {
            "drinkcup"
        };
    }
    let mut style_buf = [0u8; 64];
    let style = lower(style.trim(), &mut style_buf);
    let by_style = match_style(style);
    let fix = |shape: &'static str| -> &'static str {
        // Instruments' keyboards have black and white keys; a computer's have letters.
        if shape == "keyboard" && cat.contains("instrument") {
            "synth"
        } else {
            shape
        }
    };
    match by_style {
        // The style names the kind of thing; the name may pick a sibling ("Sunglasses" among
        // glasses, "Dress" among shirts) but never leave the family.
        Some(key) if !key.weak => {
            let shape = fix(key.shape);
            return match_name(name, |n| shapes::same_family(shape, fix(n)), None)
                .map_or(shape, fix);
        }
        // An occasion or a department ("christmas", "kitchen"): the name decides, but only by
        // what follows the occasion's own word ("Table Arrangement" is an arrangement).
        Some(key) => {
            let after = if FILLERS.contains(&key.key) {
                None
            } else {
                Some(key)
            };
            return match_name(name, |_| true, after).map_or(fix(key.shape), fix);
        }
        None => {
            if let Some(shape) = match_name(name, |_| true, None) {
                return fix(shape);
            }
        }
    }
    if let Some(shape) = category_shape(cat) {
        return shape;
    }
    match_style(cat).map_or("giftbox", |key| key.shape)
}

fn shape_for_product(spec: &ImageSpec<'_>) -> &'static str {
    shape_in(spec.style, spec.category, spec.name)
}

fn category_shape(cat: &str) -> Option<&'static str> {
    Some(match cat {
        "apparel" | "clothing" => "tshirt",
        "footwear" | "shoes" => "sneaker",
        "outdoors" | "outdoor" => "tent",
        "electronics" => "headphones",
        "beauty" => "perfume",
        "jewelry" | "jewellery" => "necklace",
        "accessories" => "handbag",
        "housewares" => "mug",
        "homedecor" | "home decor" => "vase",
        "furniture" => "chair",
        "seasonal" => "ornament",
        "floral" => "bouquet",
        "groceries" | "grocery" => "grocerybag",
        "instruments" => "guitar",
        "tools" => "toolbox",
        "food service" => "meal",
        "salty snacks" => "snackbag",
        _ => return None,
    })
}

/// ASCII-lowercases `s` into `buf` (truncated at a character boundary if too long).
fn lower<'b>(s: &str, buf: &'b mut [u8]) -> &'b str {
    let mut n = s.len().min(buf.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    for (d, c) in buf.iter_mut().zip(s.as_bytes()[..n].iter()) {
        *d = c.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..n]).unwrap_or("")
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Does `key` match `text` at byte `at` (which must start a word)?
fn matches_at(text: &str, at: usize, key: &Key) -> bool {
    let t = &text.as_bytes()[at..];
    let kb = key.key.as_bytes();
    // Case-insensitive, and a space in a keyword matches a hyphen ("sleeping-bag").
    let same = |(&a, &b): (&u8, &u8)| a.eq_ignore_ascii_case(&b) || (b == b' ' && a == b'-');
    if t.len() < kb.len() || !t.iter().zip(kb).all(same) {
        return false;
    }
    match key.mode {
        Pre => true,
        Word => {
            let rest = &t[kb.len()..];
            let end = rest
                .iter()
                .position(|&b| !is_word_byte(b))
                .unwrap_or(rest.len());
            let tail = &rest[..end];
            tail.is_empty() || tail.eq_ignore_ascii_case(b"s") || tail.eq_ignore_ascii_case(b"es")
        }
    }
}

fn word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let b = text.as_bytes();
    (0..b.len()).filter(move |&i| is_word_byte(b[i]) && (i == 0 || !is_word_byte(b[i - 1])))
}

/// The keywords grouped by first letter, each group in table order, so that a word is only
/// compared with the keywords that could match it.
struct KeyIndex {
    order: [u16; KEYS.len()],
    start: [u16; 28],
}

const INDEX: KeyIndex = {
    const fn bucket(key: &Key) -> usize {
        let b = key.key.as_bytes()[0];
        if b.is_ascii_lowercase() {
            (b - b'a') as usize
        } else {
            26
        }
    }
    let mut start = [0u16; 28];
    let mut i = 0;
    while i < KEYS.len() {
        start[bucket(&KEYS[i]) + 1] += 1;
        i += 1;
    }
    let mut b = 1;
    while b < 28 {
        start[b] += start[b - 1];
        b += 1;
    }
    let mut next = start;
    let mut order = [0u16; KEYS.len()];
    i = 0;
    while i < KEYS.len() {
        let b = bucket(&KEYS[i]);
        order[next[b] as usize] = i as u16;
        next[b] += 1;
        i += 1;
    }
    KeyIndex { order, start }
};

/// Indices (into `KEYS`, ascending) of the keywords that may match a word starting with `b`.
fn candidates(b: u8) -> &'static [u16] {
    let b = b.to_ascii_lowercase();
    let k = if b.is_ascii_lowercase() {
        (b - b'a') as usize
    } else {
        26
    };
    &INDEX.order[INDEX.start[k] as usize..INDEX.start[k + 1] as usize]
}

/// Up to 32 word starts of `text`.
fn starts_of(text: &str) -> ([usize; 32], usize) {
    let mut starts = [0usize; 32];
    let mut n = 0;
    for i in word_starts(text).take(32) {
        starts[n] = i;
        n += 1;
    }
    (starts, n)
}

fn match_style(style: &str) -> Option<&'static Key> {
    if style.is_empty() {
        return None;
    }
    // First at word starts, the earliest keyword in table order ...
    let (starts, n) = starts_of(style);
    let mut best: Option<u16> = None;
    for &i in &starts[..n] {
        for &k in candidates(style.as_bytes()[i]) {
            if best.is_some_and(|b| k >= b) {
                break;
            }
            if matches_at(style, i, &KEYS[k as usize]) {
                best = Some(k);
                break;
            }
        }
    }
    if let Some(k) = best {
        return Some(&KEYS[k as usize]);
    }
    // ... then anywhere for the longer keywords ("highheels", "minidress").
    KEYS.iter()
        .find(|key| key.mode == Pre && key.key.len() >= 4 && style.contains(key.key))
}

/// Words that follow the object without naming it ("Mug Set", "Truffle Assortment").
const FILLERS: &[&str] = &[
    "set",
    "sets",
    "kit",
    "kits",
    "duo",
    "trio",
    "quartet",
    "collection",
    "assortment",
    "box",
    "pack",
    "bundle",
    "sampler",
    "crate",
    "ensemble",
    "combo",
    "pair",
    "dozen",
    "delight",
    "bliss",
    "elegance",
    "essentials",
    "deluxe",
    "edition",
    "suite",
    "package",
    "selection",
    "medley",
    "feast",
    "gift",
];

fn word_at(text: &str, i: usize) -> &[u8] {
    let b = &text.as_bytes()[i..];
    &b[..b.iter().position(|&c| !is_word_byte(c)).unwrap_or(b.len())]
}

/// The object a product name names: the last word that is a keyword (and passes `ok`), looking
/// first before any "with", "for", "and" ("Mouse Dress for Girls" is a dress). A colour word
/// counts only as the head noun ("Cream Floral Arrangement" is no cream). With `after`, only
/// words after the last occurrence of that keyword count.
fn match_name(
    name: &str,
    ok: impl Fn(&'static str) -> bool,
    after: Option<&Key>,
) -> Option<&'static str> {
    if name.is_empty() {
        return None;
    }
    let mut head = name.len();
    for sep in [
        " with ", " With ", " for ", " For ", " and ", " And ", " & ", " - ", ", ",
    ] {
        if let Some(i) = name.find(sep) {
            head = head.min(i);
        }
    }
    let find = |text: &str, i: usize, compound: bool| {
        candidates(text.as_bytes()[i])
            .iter()
            .map(|&k| &KEYS[k as usize])
            .find(|key| {
                !key.weak
                    && (!compound || key.key.contains(' '))
                    && matches_at(text, i, key)
                    && ok(key.shape)
            })
    };
    let scan = |text: &str| -> Option<&'static str> {
        let (starts, n) = starts_of(text);
        let last = (0..n)
            .rev()
            .find(|&j| {
                let w = word_at(text, starts[j]);
                !FILLERS.iter().any(|f| w.eq_ignore_ascii_case(f.as_bytes()))
            })
            .unwrap_or(n.saturating_sub(1));
        let first = after
            .and_then(|k| (0..n).rev().find(|&j| matches_at(text, starts[j], k)))
            .map_or(0, |j| j + 1);
        for j in (first..n).rev() {
            let Some(key) = find(text, starts[j], false) else {
                continue;
            };
            if j != last
                && find_colour(std::str::from_utf8(word_at(text, starts[j])).unwrap_or(""))
                    .is_some()
            {
                continue;
            }
            // A two-word keyword ending here wins ("casserole dish" is a pot, not a plate).
            let compound = j
                .checked_sub(1)
                .filter(|&p| p >= first)
                .and_then(|p| find(text, starts[p], true))
                .filter(|c| starts[j - 1] + c.key.len() > starts[j]);
            return Some(compound.unwrap_or(key).shape);
        }
        None
    };
    scan(&name[..head]).or_else(|| if head < name.len() { scan(name) } else { None })
}

// ---------------------------------------------------------------------------------------------
// Colours

/// An sRGB colour with its `#rrggbb` spelling ready to write.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) struct Col {
    rgb: [u8; 3],
    hex: [u8; 7],
}

impl Col {
    const fn new(r: u8, g: u8, b: u8) -> Col {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        Col {
            rgb: [r, g, b],
            hex: [
                b'#',
                DIGITS[(r >> 4) as usize],
                DIGITS[(r & 15) as usize],
                DIGITS[(g >> 4) as usize],
                DIGITS[(g & 15) as usize],
                DIGITS[(b >> 4) as usize],
                DIGITS[(b & 15) as usize],
            ],
        }
    }

    /// From "#rrggbb" (a constant in this module; anything malformed reads as grey).
    const fn hex(s: &str) -> Col {
        const fn nib(c: u8) -> u8 {
            match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => 8,
            }
        }
        let b = s.as_bytes();
        if b.len() != 7 {
            return Col::new(128, 128, 128);
        }
        Col::new(
            nib(b[1]) * 16 + nib(b[2]),
            nib(b[3]) * 16 + nib(b[4]),
            nib(b[5]) * 16 + nib(b[6]),
        )
    }

    fn mix(self, other: Col, t: f32) -> Col {
        let m = |a: u8, b: u8| {
            (f32::from(a) + (f32::from(b) - f32::from(a)) * t)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Col::new(
            m(self.rgb[0], other.rgb[0]),
            m(self.rgb[1], other.rgb[1]),
            m(self.rgb[2], other.rgb[2]),
        )
    }

    /// Perceived lightness, 0 (black) to 1 (white).
    fn luma(self) -> f32 {
        let [r, g, b] = self.rgb;
        (0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b)) / 255.0
    }

    fn hue_bucket(self) -> i32 {
        let [r, g, b] = self.rgb.map(i32::from);
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        if max - min < 24 {
            return -1; // greys have no hue
        }
        let d = (max - min) as f32;
        let h = if max == r {
            ((g - b) as f32 / d).rem_euclid(6.0)
        } else if max == g {
            (b - r) as f32 / d + 2.0
        } else {
            (r - g) as f32 / d + 4.0
        };
        (h * 2.0) as i32 // twelve 30° buckets
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.hex).unwrap_or("#808080")
    }
}

impl fmt::Display for Col {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

const BLACK: Col = Col::new(0, 0, 0);
const WHITE: Col = Col::new(255, 255, 255);

/// The colours of one drawing, all derived from the main fill and the accent.
#[derive(Clone, Copy)]
pub(crate) struct Pal {
    /// The object's own colour.
    pub main: Col,
    /// A darker shade of `main`, for outlines and shadows on the object.
    pub outline: Col,
    /// A lighter shade of `main`, for highlights.
    pub light: Col,
    /// A colour that contrasts with `main` (lighter on a dark fill, darker on a light one),
    /// for details drawn on top of it: seams, buttons, text lines.
    pub detail: Col,
    /// A secondary colour for trims and parts (a strap, a lid).
    pub accent: Col,
    /// A darker shade of `accent`.
    pub accent_shade: Col,
    /// Hash bits for small per-product variants (a stripe, a pocket, handle side).
    pub variant: u32,
}

impl Pal {
    fn new(main: Col, accent: Col, variant: u32) -> Pal {
        let luma = main.luma();
        let outline = main.mix(BLACK, if luma < 0.2 { 0.5 } else { 0.45 });
        let light = if luma > 0.85 {
            main.mix(BLACK, 0.08)
        } else {
            main.mix(WHITE, 0.35)
        };
        let detail = if luma < 0.35 {
            main.mix(WHITE, 0.45)
        } else {
            main.mix(BLACK, 0.3)
        };
        Pal {
            main,
            outline,
            light,
            detail,
            accent,
            accent_shade: accent.mix(BLACK, 0.4),
            variant,
        }
    }
}

#[rustfmt::skip]
const COLOURS: &[(&str, Col)] = &[
    ("black", Col::hex("#222222")), ("white", Col::hex("#f4f4f1")), ("grey", Col::hex("#8d9196")),
    ("gray", Col::hex("#8d9196")), ("silver", Col::hex("#c0c4c8")), ("gold", Col::hex("#d4af37")),
    ("red", Col::hex("#c62828")), ("crimson", Col::hex("#b0183d")), ("burgundy", Col::hex("#7b1e3a")),
    ("orange", Col::hex("#ef7d22")), ("coral", Col::hex("#f27c6b")), ("amber", Col::hex("#f0a202")),
    ("yellow", Col::hex("#f5d02e")), ("mustard", Col::hex("#d9a521")), ("olive", Col::hex("#7a7f2a")),
    ("green", Col::hex("#2e8b57")), ("sage", Col::hex("#9caf88")), ("emerald", Col::hex("#1f9e70")),
    ("teal", Col::hex("#1b8a8f")), ("turquoise", Col::hex("#30c5c0")), ("blue", Col::hex("#2f6fdb")),
    ("navy", Col::hex("#1f2f5c")), ("cobalt", Col::hex("#2448a8")), ("indigo", Col::hex("#3f3d99")),
    ("purple", Col::hex("#7d3c98")), ("lavender", Col::hex("#b39ddb")), ("plum", Col::hex("#7e3f6e")),
    ("pink", Col::hex("#f48fb1")), ("rose", Col::hex("#e0607e")), ("blush", Col::hex("#f3c1c6")),
    ("brown", Col::hex("#7b4a2d")), ("tan", Col::hex("#c8a27a")), ("beige", Col::hex("#e3d3b8")),
    ("cream", Col::hex("#f3ead2")), ("ivory", Col::hex("#f7f2e2")), ("khaki", Col::hex("#b9a66b")),
    ("charcoal", Col::hex("#3b3f45")), ("walnut", Col::hex("#5d3b25")), ("oak", Col::hex("#b58a57")),
    ("copper", Col::hex("#b8733d")), ("bronze", Col::hex("#9c6b30")), ("mint", Col::hex("#98e0c0")),
];

/// The first colour word (whole word, any case) of `text`.
fn find_colour(text: &str) -> Option<Col> {
    let b = text.as_bytes();
    for i in word_starts(text) {
        let len = b[i..]
            .iter()
            .position(|&c| !is_word_byte(c))
            .unwrap_or(b.len() - i);
        if !(3..=9).contains(&len) {
            continue;
        }
        let word = &b[i..i + len];
        if let Some((_, c)) = COLOURS
            .iter()
            .find(|(n, _)| n.len() == len && word.eq_ignore_ascii_case(n.as_bytes()))
        {
            return Some(*c);
        }
    }
    None
}

/// Pleasant main colours for products that name none.
#[rustfmt::skip]
const PALETTE: &[Col] = &[
    Col::hex("#e07a5f"), Col::hex("#3d5a80"), Col::hex("#81b29a"), Col::hex("#e9b44c"),
    Col::hex("#6d597a"), Col::hex("#e56b6f"), Col::hex("#4a90a4"), Col::hex("#f4a261"),
    Col::hex("#2a9d8f"), Col::hex("#9b5de5"), Col::hex("#457b9d"), Col::hex("#c1666b"),
    Col::hex("#588157"), Col::hex("#ff8fab"), Col::hex("#5e548e"), Col::hex("#d17a22"),
];

/// Secondary accents: picked by hash, skipping any too close in hue to the main colour.
#[rustfmt::skip]
const ACCENTS: &[Col] = &[
    Col::hex("#f2c14e"), Col::hex("#f78154"), Col::hex("#4d9078"), Col::hex("#5fa8d3"),
    Col::hex("#b56576"), Col::hex("#ffd6a5"), Col::hex("#8e7dbe"), Col::hex("#e63946"),
    Col::hex("#43aa8b"), Col::hex("#f9c74f"), Col::hex("#277da1"), Col::hex("#f3722c"),
];

fn accent_for(main: Col, h: u64) -> Col {
    let start = (h % ACCENTS.len() as u64) as usize;
    let hue = main.hue_bucket();
    (0..ACCENTS.len())
        .map(|i| ACCENTS[(start + i) % ACCENTS.len()])
        .find(|a| {
            hue < 0
                || (a.hue_bucket() - hue)
                    .rem_euclid(12)
                    .min((hue - a.hue_bucket()).rem_euclid(12))
                    > 1
        })
        .unwrap_or(ACCENTS[start])
}

fn tint_for(category: &str) -> Col {
    let mut buf = [0u8; 48];
    Col::hex(match lower(category.trim(), &mut buf) {
        "apparel" => "#fde8e4",
        "footwear" => "#e4ecfb",
        "outdoors" => "#e2f1df",
        "electronics" => "#e5e8f1",
        "beauty" => "#fbe5ef",
        "jewelry" => "#efe8fa",
        "accessories" => "#fdf0d9",
        "housewares" => "#dff3ef",
        "homedecor" => "#f5eee2",
        "furniture" => "#ede4d8",
        "seasonal" => "#f9e1e1",
        "floral" => "#edf6da",
        "books" => "#f3ead4",
        "groceries" => "#fff4d1",
        "instruments" => "#e8e1f3",
        "tools" => "#e6ebef",
        "hot dispensed" => "#f5e5d8",
        "cold dispensed" => "#dcf1f9",
        "food service" => "#fce9d1",
        "salty snacks" => "#fbf1c6",
        "featured" => "#fff0dc",
        _ => "#eeeeea",
    })
}

// ---------------------------------------------------------------------------------------------
// Drawing

struct Look {
    hash: u64,
    tint: Col,
    rot: i32,
    dx: i32,
    dy: i32,
    /// 0 plain, 1 dots, 2 stripes, 3 waves.
    pattern: u8,
    /// 0 round spotlight, 1 blob, 2 none.
    spot: u8,
}

fn render(look: &Look, def: shapes::Def, p: Pal) -> String {
    let mut s = String::with_capacity(3072);
    s.push_str(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img">"#);
    let ink = look.tint.mix(p.main, 0.22).mix(BLACK, 0.04);
    let id = (look.hash >> 20) as u32;
    if look.pattern != 0 {
        let _ = write!(
            s,
            r#"<defs><pattern id="bg{id:08x}" patternUnits="userSpaceOnUse" "#
        );
        let _ = match look.pattern {
            1 => write!(
                s,
                r#"width="28" height="28"><circle cx="14" cy="14" r="3" fill="{ink}"/>"#
            ),
            2 => write!(
                s,
                r#"width="26" height="26" patternTransform="rotate(35)"><rect width="9" height="26" fill="{ink}"/>"#
            ),
            _ => write!(
                s,
                r#"width="60" height="30"><path d="M0 15Q15 5 30 15T60 15" fill="none" stroke="{ink}" stroke-width="3"/>"#
            ),
        };
        s.push_str("</pattern></defs>");
    }
    let _ = write!(
        s,
        r#"<rect width="400" height="400" rx="32" fill="{}"/>"#,
        look.tint
    );
    if look.pattern != 0 {
        let _ = write!(
            s,
            r##"<rect width="400" height="400" rx="32" fill="url(#bg{id:08x})" opacity=".55"/>"##
        );
    }
    let glow = look.tint.mix(WHITE, 0.55);
    let _ = match look.spot {
        0 => write!(s, r#"<circle cx="200" cy="196" r="148" fill="{glow}"/>"#),
        1 => write!(
            s,
            r#"<path d="M92 140Q118 62 214 58Q322 60 344 160Q360 262 272 320Q186 366 110 310Q44 252 92 140Z" fill="{glow}"/>"#
        ),
        _ => Ok(()),
    };
    let _ = write!(s, r#"<g transform="translate({} {})">"#, look.dx, look.dy);
    let (rx, cy) = (def.shadow, def.ground);
    let _ = write!(
        s,
        r##"<ellipse cx="200" cy="{cy}" rx="{rx}" ry="{}" fill="#000" opacity=".13"/>"##,
        (rx / 7).max(8)
    );
    let _ = write!(
        s,
        r#"<g transform="rotate({} 200 220)" stroke="{}" stroke-width="4" stroke-linejoin="round" stroke-linecap="round">"#,
        look.rot, p.outline
    );
    (def.draw)(&mut s, &p);
    s.push_str("</g></g></svg>");
    s
}

fn fnv1a(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(bytes);
    let mut h = hasher.finish();
    // Mix the high bits down so that every field drawn from the hash varies with the id.
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec<'a>(
        id: &'a str,
        name: &'a str,
        category: &'a str,
        style: &'a str,
        description: &'a str,
    ) -> ImageSpec<'a> {
        ImageSpec {
            id,
            name,
            category,
            style,
            description,
        }
    }

    /// A small well-formedness check: one root `<svg>` with the SVG namespace, tags balanced
    /// and properly nested, attribute quotes paired, no stray `&` or `<`, nothing outside.
    fn assert_well_formed(svg: &str) {
        assert!(
            svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"), "{svg}");
        assert!(svg.contains(r#"viewBox="0 0 400 400""#));
        assert!(!svg.contains('&'), "unescaped or entity text in {svg}");
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(open) = rest.find('<') {
            assert!(
                rest[..open].trim().is_empty(),
                "text outside tags: {:?}",
                &rest[..open]
            );
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'), "nested '<' in {tag}");
            assert_eq!(tag.matches('"').count() % 2, 0, "unpaired quote in <{tag}>");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
            } else {
                let name = tag.split([' ', '/']).next().unwrap_or("");
                assert!(
                    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic()),
                    "bad tag <{tag}>"
                );
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[close + 1..];
            if stack.is_empty() {
                assert!(rest.is_empty(), "content after the root element");
            }
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
    }

    #[test]
    fn deterministic() {
        let s = spec(
            "p-1",
            "Blue Denim Jacket",
            "apparel",
            "jacket",
            "A sturdy jacket.",
        );
        assert_eq!(product_svg(&s), product_svg(&s));
        assert_eq!(category_svg("footwear"), category_svg("footwear"));
    }

    #[test]
    fn ids_vary_the_picture() {
        let a = product_svg(&spec("a1", "Mug", "housewares", "mug", ""));
        let b = product_svg(&spec("b2", "Mug", "housewares", "mug", ""));
        assert_ne!(a, b);
        let distinct: std::collections::HashSet<String> = (0..50)
            .map(|i| {
                product_svg(&spec(
                    &format!("id-{i}"),
                    "Classic Tee",
                    "apparel",
                    "shirt",
                    "",
                ))
            })
            .collect();
        assert!(
            distinct.len() >= 45,
            "only {} distinct pictures of 50",
            distinct.len()
        );
    }

    #[test]
    fn colour_words_fill_the_object() {
        let red = product_svg(&spec(
            "x",
            "Scarlet Runner",
            "footwear",
            "sneaker",
            "A bright red sneaker.",
        ));
        assert!(red.contains("#c62828"));
        let navy = product_svg(&spec(
            "x",
            "Navy Wool Coat",
            "apparel",
            "coat",
            "Warm and black-lined.",
        ));
        assert!(navy.contains("#1f2f5c"), "the name's colour comes first");
        let gray = product_svg(&spec("x", "Gray Hoodie", "apparel", "hoodie", ""));
        assert!(gray.contains("#8d9196"));
        for (word, hex) in COLOURS {
            let name = format!("The {} Thing", word.to_uppercase());
            assert_eq!(
                find_colour(&name).map(|c| c.to_string()),
                Some(hex.to_string()),
                "{word}"
            );
        }
        // Whole words only: "Tangerine" is not tan, "redwood" not red.
        assert_eq!(find_colour("Tangerine redwood Goldfish"), None);
        assert_eq!(find_colour("no colour here"), None);
    }

    #[test]
    fn light_objects_keep_a_dark_outline() {
        let svg = product_svg(&spec("w", "White Sneaker", "footwear", "sneaker", ""));
        let at = svg.find(r#"stroke-width="4""#).unwrap();
        let stroke = &svg[svg[..at].rfind("stroke=\"#").unwrap() + 8..][..7];
        assert!(Col::hex(stroke).luma() < 0.6, "outline {stroke} too light");
    }

    #[test]
    fn no_colour_word_picks_from_the_palette() {
        let svg = product_svg(&spec("q", "Mystery Jacket", "apparel", "jacket", "Lovely."));
        assert!(PALETTE.iter().any(|c| svg.contains(c.as_str())));
    }

    const STYLES: &[&str] = &[
        "shirt",
        "t-shirt",
        "top",
        "jacket",
        "coat",
        "hoodie",
        "sweater",
        "dress",
        "skirt",
        "pants",
        "jeans",
        "shorts",
        "sneaker",
        "shoe",
        "boot",
        "sandal",
        "heel",
        "slipper",
        "loafer",
        "backpack",
        "bag",
        "handbag",
        "wallet",
        "hat",
        "cap",
        "scarf",
        "sunglasses",
        "glasses",
        "belt",
        "umbrella",
        "watch",
        "smartwatch",
        "necklace",
        "ring",
        "earring",
        "bracelet",
        "brooch",
        "lipstick",
        "perfume",
        "lotion",
        "serum",
        "shampoo",
        "nail-polish",
        "makeup",
        "headphones",
        "speaker",
        "camera",
        "laptop",
        "phone",
        "tablet",
        "tv",
        "tent",
        "sleeping-bag",
        "lantern",
        "kayak",
        "bike",
        "fishing",
        "mug",
        "cup",
        "teapot",
        "kettle",
        "cookware",
        "pan",
        "pot",
        "plate",
        "bowl",
        "knife",
        "cutting-board",
        "blender",
        "vase",
        "candle",
        "lamp",
        "frame",
        "rug",
        "mirror",
        "pillow",
        "clock",
        "chair",
        "sofa",
        "table",
        "bed",
        "bookshelf",
        "desk",
        "dresser",
        "stool",
        "ornament",
        "wreath",
        "lights",
        "stocking",
        "pumpkin",
        "garland",
        "bouquet",
        "roses",
        "tulips",
        "orchid",
        "succulent",
        "plant",
        "flower",
        "book",
        "novel",
        "cookbook",
        "coffee",
        "tea",
        "chocolate",
        "pasta",
        "olive-oil",
        "honey",
        "cheese",
        "fruit",
        "bread",
        "wine",
        "guitar",
        "ukulele",
        "violin",
        "piano",
        "keyboard",
        "drum",
        "flute",
        "trumpet",
        "hammer",
        "drill",
        "wrench",
        "saw",
        "screwdriver",
        "toolbox",
        "pliers",
        "level",
        "pizza",
        "nachos",
        "snack bag",
        "drink cup",
    ];

    #[test]
    fn every_listed_style_draws_its_own_shape() {
        for style in STYLES {
            for category in ["", "misc", "Apparel"] {
                let shape = shape_for(style, category);
                assert_ne!(shape, "giftbox", "{style:?} in {category:?}");
                assert!(
                    shapes::lookup(shape).is_some(),
                    "{style:?} → {shape} is not drawn"
                );
            }
        }
        for (style, shape) in [
            ("sneakers", "sneaker"),
            ("T-Shirts", "tshirt"),
            ("sleeping-bag", "sleepingbag"),
            ("sleeping bag", "sleepingbag"),
            ("pumpkin", "pumpkin"),
            ("dressers", "dresser"),
            ("earrings", "earrings"),
            ("rings", "ring"),
            ("strings", "guitar"),
            ("potato chips", "snackbag"),
            ("Sunglasses", "sunglasses"),
            ("highheels", "heel"),
            ("nail-polish", "nailpolish"),
            ("teapot", "teapot"),
            ("keys", "piano"),
            ("landscape", "giftbox"),
            ("tables", "table"),
            ("tablets", "tablet"),
            ("headphones", "headphones"),
            ("microphone", "microphone"),
            ("cutting-board", "cuttingboard"),
            ("olive-oil", "oliveoil"),
            ("camp-stove", "stove"),
        ] {
            assert_eq!(shape_for(style, "misc"), shape, "{style}");
        }
        assert_eq!(shape_for("keyboard", "electronics"), "keyboard");
        assert_eq!(shape_for("keyboard", "instruments"), "synth");
    }

    #[test]
    fn categories_fall_back_to_their_object() {
        let rds = [
            "apparel",
            "footwear",
            "outdoors",
            "electronics",
            "beauty",
            "jewelry",
            "accessories",
            "housewares",
            "homedecor",
            "furniture",
            "seasonal",
            "floral",
            "books",
            "groceries",
            "instruments",
            "tools",
            "hot dispensed",
            "cold dispensed",
            "food service",
            "salty snacks",
        ];
        for category in rds {
            let shape = shape_for("something unheard of", category);
            assert_ne!(shape, "giftbox", "{category}");
            assert_well_formed(&category_svg(category));
        }
        // Any style in books is a book; dispensed drinks are cups.
        assert_eq!(shape_for("cooking", "books"), "book");
        assert_eq!(shape_for("travel", "books"), "book");
        assert_eq!(shape_for("hot chocolate", "hot dispensed"), "hotcup");
        assert_eq!(shape_for("coffee", "hot dispensed"), "hotcup");
        assert_eq!(
            shape_for("fountain-carbonated", "cold dispensed"),
            "drinkcup"
        );
        assert_eq!(shape_for("nuts/seeds", "salty snacks"), "nuts");
        assert_eq!(shape_for("other cuisine", "food service"), "meal");
        // The 16 store categories have distinct tints; the unknown ones share a neutral.
        let tints: std::collections::HashSet<Col> = rds[..16].iter().map(|c| tint_for(c)).collect();
        assert_eq!(tints.len(), 16);
        assert_eq!(tint_for("gadgets"), tint_for("whatever"));
    }

    #[test]
    fn unknown_everything_is_a_gift_box() {
        assert_eq!(shape_for("zzz", "qqq"), "giftbox");
        assert_eq!(shape_for("", ""), "giftbox");
        let svg = product_svg(&spec("", "", "", "", ""));
        assert_well_formed(&svg);
        let svg = product_svg(&spec(
            "u-1",
            "Thingamajig",
            "Gizmos",
            "whatsit",
            "Does things.",
        ));
        assert_well_formed(&svg);
        assert_well_formed(&category_svg("Gadgets & <Gizmos>"));
        assert_well_formed(&category_svg("featured"));
    }

    #[test]
    fn the_name_refines_within_the_style() {
        let shape =
            |name, category, style| shape_for_product(&spec("i", name, category, style, ""));
        assert_eq!(
            shape("Whimsical Mouse Dress for Girls", "apparel", "shirt"),
            "dress"
        );
        assert_eq!(
            shape("Retro Chic Round Sunglasses", "accessories", "glasses"),
            "sunglasses"
        );
        assert_eq!(
            shape("Urban Explorer Stealth Backpack", "apparel", "jacket"),
            "jacket"
        );
        assert_eq!(
            shape("Le Rouge Casserole Dish", "housewares", "kitchen"),
            "pot"
        );
        assert_eq!(
            shape("Spooky Treats Halloween Mug Set", "seasonal", "halloween"),
            "mug"
        );
        assert_eq!(
            shape("Coral Glass Table Arrangement", "floral", "arrangement"),
            "bouquet"
        );
        assert_eq!(
            shape("Lush Cream Floral Arrangement", "floral", "arrangement"),
            "bouquet"
        );
        assert_eq!(shape("Pro Mechanic's Wrench Set", "tools", "set"), "wrench");
        assert_eq!(
            shape("Portable MIDI Keyboard Controller", "instruments", "keys"),
            "synth"
        );
        assert_eq!(
            shape("Everly Gold-Plated Brass Cufflinks", "jewelry", "cufflinks"),
            "cufflinks"
        );
        assert_eq!(shape("Velvet Red Rose", "floral", "arrangement"), "rose");
        assert_eq!(shape("A Tale of Two Cities", "books", "novel"), "book");
        assert_eq!(
            shape("Gourmet Grilled Tiger Prawns", "groceries", "seafood"),
            "fish"
        );
    }

    #[test]
    fn input_text_never_reaches_the_picture() {
        let evil = r#"<script>alert("x")</script> & 'quotes' ]]> <!-- -->"#;
        let svg = product_svg(&spec(evil, evil, evil, evil, evil));
        assert_well_formed(&svg);
        for needle in ["script", "alert", "quotes", "]]>", "<!--"] {
            assert!(!svg.contains(needle), "{needle} leaked");
        }
        let svg = product_svg(&spec(
            "id",
            "Red <script>alert(1)</script> Mug",
            "housewares",
            "mug",
            "A red mug",
        ));
        assert!(!svg.contains("script") && !svg.contains("Mug"));
        assert!(!category_svg("<script>").contains("script"));
        // Non-ASCII text is fine too.
        assert_well_formed(&product_svg(&spec(
            "é",
            "Crème brûlée Bowl – ☕",
            "housewares",
            "bowls",
            "Ñ",
        )));
    }

    #[test]
    fn every_shape_draws_well_formed_and_small() {
        for name in shapes::NAMES {
            let def = shapes::lookup(name).unwrap();
            for (v, pattern, spot) in [
                (0u32, 0u8, 0u8),
                (u32::MAX, 1, 1),
                (0x5555_5555, 2, 2),
                (0xaaaa_aaaa, 3, 0),
            ] {
                let look = Look {
                    hash: u64::from(v),
                    tint: tint_for("tools"),
                    rot: -5,
                    dx: 8,
                    dy: -5,
                    pattern,
                    spot,
                };
                let main = def.natural.map_or(PALETTE[3], Col::hex);
                let svg = render(
                    &look,
                    def,
                    Pal::new(main, accent_for(main, u64::from(v)), v),
                );
                assert_well_formed(&svg);
                assert!(svg.len() < 4096, "{name}: {} bytes", svg.len());
            }
        }
    }

    #[test]
    fn every_keyword_names_a_drawn_shape() {
        for key in KEYS {
            assert!(
                shapes::lookup(key.shape).is_some(),
                "{} → {}",
                key.key,
                key.shape
            );
            assert_eq!(
                key.key,
                key.key.to_ascii_lowercase(),
                "keywords are lowercase"
            );
        }
        for shape in [
            "tshirt",
            "sneaker",
            "tent",
            "headphones",
            "perfume",
            "necklace",
            "handbag",
            "mug",
            "vase",
            "chair",
            "ornament",
            "bouquet",
            "grocerybag",
            "guitar",
            "toolbox",
            "meal",
            "snackbag",
            "star",
            "giftbox",
        ] {
            assert!(shapes::lookup(shape).is_some(), "{shape}");
        }
    }
}
