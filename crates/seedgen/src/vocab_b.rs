//! Vocabulary: accessories, housewares, homedecor, furniture. Format: see `spec.rs`.

pub const ACCESSORIES: &str = "
CAT: accessories
L: Metro | Voyager | Heritage | Harbor | Nomad | Summit | Avenue | Atlas | Union | Coastline | Drift | Landmark | Wayfarer
K: Backed by our one-year craftsmanship guarantee. | Designed to age beautifully with use. | Ships in plastic-free packaging. | Spot clean with a soft, damp cloth.
S: backpack | backpack | c | v | 40-220 | any
N: Daypack | Commuter Backpack | Rolltop Backpack | Travel Backpack | Laptop Backpack | Mini Backpack
M: canvas | recycled nylon | ripstop nylon | waxed canvas | suede | leather
P: black navy olive tan khaki grey charcoal brown burgundy mustard sage
A: roomy | water-resistant | lightweight | streamlined | durable | versatile
F: a padded laptop sleeve | a hidden back pocket | padded shoulder straps | a luggage pass-through | a magnetic closure | bottle side pockets
U: daily commutes | weekend trips | campus days | carry-on travel | city errands | day hikes
S: handbag | handbag | c | v | 45-480 | fem
N: Tote Bag | Crossbody Bag | Shoulder Bag | Satchel | Bucket Bag | Clutch
M: canvas | woven straw | vegan leather | suede | leather | pebbled leather
P: black tan brown burgundy blush cream ivory navy olive coral red emerald
A: structured | slouchy | elegant | roomy | polished | versatile
F: a detachable strap | a magnetic closure | interior zip pockets | protective feet | a key leash | a gusseted body
U: the office | weekend errands | dinner dates | travel days | summer markets | everyday carry
S: wallet | wallet | c | v | 20-140 | any
N: Bifold Wallet | Card Holder | Zip Wallet | Travel Wallet | Slim Wallet | Phone Wallet
M: canvas | vegan leather | leather | saffiano leather | full-grain leather
P: black brown tan navy burgundy olive charcoal walnut cream
A: slim | compact | organized | durable | minimalist | classic
F: RFID blocking | six card slots | a clear ID window | a coin pocket | a zip compartment | hand-stitched edges
U: everyday carry | international travel | front-pocket carry | gifting | the office | nights out
S: belt | belt | c | v | 25-120 | any
N: Dress Belt | Braided Belt | Casual Belt | Reversible Belt | Web Belt
M: woven elastic | canvas | suede | leather | full-grain leather
P: black brown tan walnut navy olive burgundy khaki
A: classic | durable | adjustable | polished | casual | sturdy
F: a solid brass buckle | burnished edges | five adjustment holes | a reversible strap | stitched edges | a removable buckle
U: the office | weekend denim | weddings | travel days | everyday wear | formal events
S: scarf | scarf | c | v | 20-180 | any
N: Blanket Scarf | Infinity Scarf | Wrap Scarf | Knit Scarf | Square Scarf | Oblong Scarf
M: cotton | modal | merino wool | alpaca | silk | cashmere
P: burgundy navy grey charcoal cream ivory mustard emerald plum blush red teal
A: soft | warm | lightweight | cozy | elegant | versatile
F: fringed edges | a hand-rolled hem | a generous length | a brushed finish | a reversible pattern | a plaid weave
U: winter walks | spring evenings | travel days | the office | holiday gifting | chilly stadium games
S: sunglasses | sunglasses | p | v | 40-320 | any
N: Aviator Sunglasses | Round Sunglasses | Cat-Eye Sunglasses | Wayfarer Sunglasses | Sport Sunglasses | Square Sunglasses
M: recycled plastic | metal | acetate | tortoiseshell | titanium
P: black tan gold silver navy teal amber brown pink charcoal
A: polarized | lightweight | classic | retro | bold | sleek
F: polarized lenses | full UV protection | spring hinges | a protective case | scratch-resistant lenses | adjustable nose pads
U: road trips | beach days | summer festivals | the ski slopes | city walks | boat days
S: hat | hat | c | v | 18-140 | any
N: Fedora | Bucket Hat | Ball Cap | Beanie | Sun Hat | Panama Hat | Wide-Brim Hat
M: cotton canvas | knit wool | linen | straw | wool felt
P: black tan khaki navy olive cream ivory charcoal brown burgundy mustard
A: classic | packable | breathable | warm | structured | relaxed
F: a wide brim | an adjustable band | a moisture-wicking sweatband | a grosgrain ribbon | a packable crown | a chin strap
U: sunny days | garden parties | winter walks | beach trips | festival season | travel days
S: umbrella | umbrella | c | v | 18-90 | any
N: Compact Umbrella | Golf Umbrella | Stick Umbrella | Travel Umbrella | Bubble Umbrella
M: nylon | recycled polyester | pongee | canvas
P: black navy red yellow teal plum green grey charcoal burgundy
A: windproof | compact | sturdy | lightweight | automatic | vented
F: an auto-open button | a vented double canopy | a fiberglass frame | a wooden crook handle | a slip-on sleeve | quick-dry fabric
U: rainy commutes | stormy weekends | spring showers | travel days | golf outings | city walks
";

pub const HOUSEWARES: &str = "
CAT: housewares
L: Hearth | Homestead | Farmhouse | Bistro | Pantry | Harvest | Nordic | Artisan | Larder | Brasserie | Orchard | Morning | Provence
K: Backed by a lifetime warranty. | Made to be used every single day. | Arrives in gift-ready packaging. | Hand wash to keep it looking its best.
S: mug | mug | c | v | 9-30 | -
N: Coffee Mug | Camp Mug | Travel Mug | Latte Mug | Stacking Mug | Tea Mug
M: ceramic | enamel | stoneware | porcelain | double-wall glass | stainless steel
P: white cream ivory sage teal navy black mustard coral blush grey
A: sturdy | cozy | speckled | stackable | generous | insulated
F: a comfortable handle | a reactive glaze | a wide base | a splash-proof lid | a 14-ounce capacity | microwave-safe construction
U: slow mornings | the home office | camping trips | afternoon tea | hot cocoa season | gifting
S: cookware | cookware | m | v | 70-650 | -
N: Cookware Set | Skillet | Dutch Oven | Saucepan | Saute Pan | Stock Pot
M: nonstick aluminum | carbon steel | stainless steel | cast iron | enameled cast iron | copper
P: black red navy cream teal sage grey charcoal orange white
A: durable | versatile | heavy-duty | oven-safe | even-heating | professional-grade
F: riveted handles | tight-fitting lids | a tri-ply base | induction compatibility | a pour spout | oven safety to 500 degrees
U: weeknight dinners | holiday roasts | Sunday sauces | family meals | camp cooking | slow braises
S: knife-set | knife set | c | v | 60-480 | -
N: Knife Set | Chef Knife Set | Knife Block Set | Steak Knife Set | Starter Knife Set
M: stainless steel | carbon steel | German steel | Japanese steel | Damascus steel
P: black walnut oak charcoal navy white grey olive
A: razor-sharp | balanced | precise | durable | professional | comfortable
F: full-tang construction | a magnetic block | contoured handles | a honing steel | hand-sharpened edges | blade guards
U: holiday cooking | everyday prep | new kitchens | wedding registries | dinner parties | weekend cooking projects
S: plate | plate | c | v | 8-60 | -
N: Dinner Plate | Salad Plate | Serving Platter | Plate Set | Side Plate | Dessert Plate
M: melamine | earthenware | stoneware | porcelain | bone china
P: white cream ivory sage navy teal blush grey charcoal mustard blue
A: stackable | durable | elegant | rustic | chip-resistant | handmade
F: a reactive glaze | a raised rim | microwave-safe construction | a matte finish | a scalloped edge | dishwasher-safe glazes
U: everyday dinners | holiday tables | dinner parties | outdoor meals | weekend brunches | wedding registries
S: kettle | kettle | c | v | 25-160 | -
N: Electric Kettle | Stovetop Kettle | Gooseneck Kettle | Whistling Kettle | Tea Kettle
M: glass | enameled steel | stainless steel | cast iron | copper
P: black white cream red teal navy sage mint grey silver
A: fast-boiling | sleek | precise | quiet | classic | elegant
F: variable temperature control | a keep-warm setting | a cool-touch handle | a gooseneck spout | a cheerful whistle | automatic shut-off
U: pour-over coffee | afternoon tea | busy mornings | French press brewing | cozy evenings | herbal infusions
S: blender | blender | c | v | 40-480 | -
N: Countertop Blender | Personal Blender | High-Speed Blender | Immersion Blender | Blender
M: matte plastic | glass | brushed steel | stainless steel
P: black silver red white cream grey charcoal sage navy
A: powerful | quiet | versatile | compact | sturdy | efficient
F: a 1,200-watt motor | variable speed control | a tamper | a self-cleaning mode | travel cups | a pulse setting
U: morning smoothies | soups and sauces | frozen drinks | meal prep | nut butters | baby food
S: cutting-board | cutting board | c | v | 20-120 | -
N: Cutting Board | End-Grain Cutting Board | Carving Board | Serving Board | Chopping Board
M: bamboo | acacia | maple | cherry | oak | walnut
P: tan brown beige
A: sturdy | generous | reversible | knife-friendly | handcrafted | oiled
F: a juice groove | rubber feet | hand-cut handles | a food-safe oil finish | end-grain construction | a reversible surface
U: holiday carving | everyday chopping | charcuterie nights | bread slicing | weekend brunch | gifting
S: teapot | teapot | c | v | 22-120 | -
N: Teapot | Infuser Teapot | Pouring Teapot | Tea-for-Two Teapot | Round Teapot
M: ceramic | glass | stoneware | porcelain | cast iron
P: white cream teal sage navy blush black plum mint cobalt
A: elegant | charming | classic | generous | cozy | graceful
F: a removable infuser | a drip-free spout | a snug lid | a bamboo handle | a four-cup capacity | a tea cozy
U: afternoon tea | book clubs | quiet mornings | cozy evenings | tea parties | gifting
";

pub const HOMEDECOR: &str = "
CAT: homedecor
L: Haven | Solace | Nest | Atrium | Driftwood | Mosaic | Lumen | Cottage | Aria | Willow | Gallery | Tidewater | Sanctuary
K: Designed in-house and made in small batches. | Each piece varies slightly, making it one of a kind. | Gift wrap is available at checkout. | Styled by our in-house design team.
S: vase | vase | c | v | 18-140 | -
N: Bud Vase | Bottle Vase | Table Vase | Floor Vase | Round Vase | Amphora Vase
M: glass | terracotta | ceramic | stoneware | porcelain | gold-tone brass
P: white cream ivory sage blush teal navy black amber cobalt emerald
A: sculptural | minimalist | handmade | elegant | organic | timeless
F: a reactive glaze | a weighted base | a matte finish | a hand-thrown shape | a watertight interior | a ribbed texture
U: fresh-cut stems | dried bouquets | mantel styling | dinner tables | entryway consoles | gifting
S: candle | candle | c | v | 14-68 | -
N: Jar Candle | Pillar Candle | Three-Wick Candle | Tin Candle | Soy Candle | Travel Candle
M: sea salt | fig | cedar | mint | lavender | vanilla | amber | sandalwood
P: cream white ivory sage blush charcoal amber
A: fragrant | relaxing | hand-poured | cozy | clean-burning | calming
F: a cotton wick | a natural soy wax blend | a forty-hour burn time | a reusable vessel | a wooden lid | a gentle scent throw
U: quiet evenings | bath time | dinner parties | the holidays | reading nooks | gifting
S: lamp | lamp | c | v | 40-320 | -
N: Table Lamp | Floor Lamp | Desk Lamp | Arc Lamp | Accent Lamp | Bedside Lamp
M: steel | rattan | ceramic | oak | walnut | gold-tone brass | marble
P: white black cream sage navy charcoal blush mustard teal ivory
A: warm | sculptural | modern | adjustable | elegant | minimalist
F: a linen shade | a dimmable switch | a weighted base | an adjustable arm | a braided cord | a USB port in the base
U: reading corners | home offices | bedside tables | living rooms | entryways | cozy evenings
S: frame | frame | c | v | 12-90 | -
N: Picture Frame | Gallery Frame | Photo Frame | Float Frame | Collage Frame
M: acrylic | metal | reclaimed wood | oak | walnut | gold-tone brass
P: black white gold silver charcoal cream navy
A: clean-lined | classic | minimalist | modern | elegant | sturdy
F: a wide mat | shatter-resistant glazing | sawtooth hangers | an easel back | a float mount | acid-free matting
U: family photos | gallery walls | art prints | diplomas | wedding photos | gifting
S: rug | rug | c | v | 60-900 | -
N: Area Rug | Runner Rug | Flatweave Rug | Shag Rug | Kilim Rug | Round Rug
M: recycled polyester | jute | cotton | viscose | wool
P: cream ivory beige navy blue teal sage grey charcoal indigo burgundy coral mustard
A: soft | durable | plush | low-pile | hand-woven | reversible
F: a fringed edge | hand-knotted construction | a non-shedding weave | a tonal pattern | stain-resistant fibers | a low profile that clears doors
U: living rooms | entryways | bedrooms | kitchens | reading nooks | high-traffic hallways
S: mirror | mirror | c | v | 45-480 | -
N: Round Mirror | Arched Mirror | Floor Mirror | Wall Mirror | Vanity Mirror | Sunburst Mirror
M: iron | rattan | oak | walnut | gold-tone brass | gold-leaf
P: black white charcoal cream sage
A: elegant | oversized | sleek | minimalist | timeless | graceful
F: a beveled edge | D-ring hangers | a slim frame | a leaning stand | distortion-free glass | a thin profile
U: entryways | bathrooms | bedrooms | dressing areas | small spaces | living rooms
S: pillow | pillow | c | v | 18-95 | -
N: Throw Pillow | Lumbar Pillow | Floor Pillow | Accent Pillow | Bolster Pillow
M: cotton | linen | boucle | velvet | wool | faux fur
P: cream ivory sage navy mustard blush teal emerald charcoal grey coral plum
A: plush | soft | cozy | textured | oversized | inviting
F: a feather-down insert | a hidden zipper | a removable cover | piped edges | a tasseled trim | double-sided fabric
U: sofas | reading nooks | beds | window seats | movie nights | guest rooms
S: clock | clock | c | v | 25-240 | -
N: Wall Clock | Mantel Clock | Desk Clock | Alarm Clock | Station Clock
M: ceramic | steel | oak | walnut | gold-tone brass
P: black white cream navy sage charcoal copper
A: silent | classic | modern | minimalist | oversized | elegant
F: a silent sweep movement | bold numerals | a domed glass face | a battery-saving quartz movement | a backlit face | a hanging hook
U: kitchens | home offices | living rooms | bedside tables | classrooms | entryways
";

pub const FURNITURE: &str = "
CAT: furniture
L: Hudson | Aspen | Linden | Meridian | Westport | Brookline | Sonoma | Alder | Halston | Monroe | Fairview | Carver | Mesa
K: Ships with all hardware included. | Solid construction backed by a ten-year warranty. | Room-of-choice delivery is available. | Made with responsibly sourced materials.
S: chair | chair | c | v | 90-900 | -
N: Dining Chair | Lounge Chair | Armchair | Accent Chair | Rocking Chair | Side Chair
M: steel | rattan | boucle | velvet | oak | walnut | leather
P: cream ivory navy emerald mustard charcoal sage blush black tan
A: comfortable | sturdy | sculptural | mid-century | inviting | ergonomic
F: tapered legs | a padded seat | a curved backrest | solid joinery | floor-protecting glides | a high back
U: dining rooms | reading corners | living rooms | home offices | sunrooms | bedrooms
S: sofa | sofa | c | v | 450-2400 | -
N: Sofa | Sectional Sofa | Loveseat | Sleeper Sofa | Chesterfield Sofa | Modular Sofa
M: performance fabric | chenille | linen | boucle | velvet | leather
P: navy emerald sage grey charcoal cream ivory mustard tan blush olive teal
A: plush | deep-seated | comfortable | modern | roomy | inviting
F: kiln-dried hardwood frames | feather-wrapped cushions | removable covers | tapered legs | a reversible chaise | sinuous spring support
U: family movie nights | lazy weekends | open-plan living rooms | entertaining | small apartments | afternoon naps
S: table | table | c | v | 150-1800 | -
N: Dining Table | Coffee Table | Side Table | Console Table | Extendable Table | Pedestal Table
M: glass | reclaimed pine | mango wood | oak | walnut | marble
P: white black grey charcoal cream tan brown
A: sturdy | solid | elegant | modern | rustic | spacious
F: a hand-rubbed finish | solid joinery | a lower shelf | a leaf that extends it | tapered legs | rounded corners
U: family dinners | holiday gatherings | living rooms | small spaces | entryways | game nights
S: bed | bed | c | v | 400-2200 | -
N: Platform Bed | Upholstered Bed | Canopy Bed | Storage Bed | Sleigh Bed | Daybed
M: iron | rattan | linen | velvet | oak | walnut
P: navy sage cream ivory charcoal grey blush emerald black mustard
A: sturdy | serene | modern | elegant | cozy | classic
F: a tufted headboard | under-bed storage drawers | a slatted base | solid joinery | a low profile | a padded headboard
U: primary bedrooms | guest rooms | small apartments | lazy Sunday mornings | cozy retreats | teen rooms
S: bookshelf | bookshelf | c | v | 90-900 | -
N: Bookshelf | Bookcase | Ladder Shelf | Cube Bookshelf | Barrister Bookcase | Leaning Bookshelf
M: pine | steel | mango wood | reclaimed wood | oak | walnut
P: black white grey charcoal navy sage tan
A: sturdy | open | modern | spacious | versatile | industrial
F: adjustable shelves | anti-tip hardware | a closed lower cabinet | five generous shelves | solid back panels | leveling feet
U: home libraries | living rooms | home offices | kids' rooms | plant displays | record collections
S: desk | desk | c | v | 150-1200 | -
N: Writing Desk | Standing Desk | Executive Desk | Secretary Desk | Corner Desk | Computer Desk
M: pine | bamboo | steel | reclaimed wood | oak | walnut
P: black white grey charcoal navy sage tan
A: spacious | sturdy | ergonomic | minimalist | adjustable | practical
F: a cable-management tray | a built-in drawer | a programmable height setting | a keyboard tray | a scratch-resistant top | hidden storage
U: home offices | homework | creative projects | small apartments | remote work | gaming setups
S: dresser | dresser | c | v | 250-1500 | -
N: Six-Drawer Dresser | Tall Dresser | Double Dresser | Lowboy Dresser | Campaign Dresser
M: lacquered pine | cane | rattan | mango wood | oak | walnut
P: white black navy sage cream charcoal blush tan
A: spacious | sturdy | elegant | classic | modern | timeless
F: soft-close drawers | dovetail joinery | a felt-lined top drawer | anti-tip hardware | brass pulls | tapered legs
U: primary bedrooms | guest rooms | nurseries | hallways | small apartments | dressing rooms
S: stool | stool | c | v | 45-320 | -
N: Bar Stool | Counter Stool | Step Stool | Saddle Stool | Backless Stool
M: steel | rattan | velvet | leather | oak | walnut
P: black white grey charcoal navy tan cream sage mustard
A: sturdy | compact | modern | comfortable | stackable | swiveling
F: a built-in footrest | a swivel seat | floor-protecting glides | a contoured seat | welded joints | a padded cushion
U: kitchen islands | home bars | breakfast nooks | small spaces | workshops | craft rooms
";
