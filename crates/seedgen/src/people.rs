//! Names and places for the shopper pool. Common given names and surnames; street and city names
//! are made up from parts, paired with real state codes and plausible ZIP prefixes. Word lists are
//! whitespace-separated strings (see [`split_list`]).

/// The words of a whitespace-separated list.
pub fn split_list(list: &'static str) -> Vec<&'static str> {
    list.split_whitespace().collect()
}

pub const FEMALE_FIRST: &str = "
Olivia Emma Ava Sophia Isabella Mia Amelia Harper Evelyn Abigail Emily Elizabeth Sofia
Ella Madison Scarlett Victoria Aria Grace Chloe Camila Penelope Riley Layla Lillian Nora
Zoey Mila Aubrey Hannah Lily Addison Eleanor Natalie Luna Savannah Brooklyn Leah Zoe
Stella Hazel Ellie Paisley Audrey Skylar Violet Claire Bella Aurora Lucy Anna Samantha
Caroline Genesis Aaliyah Kennedy Kinsley Allison Maya Sarah Madelyn Adeline Alexa Ariana
Elena Gabriella Naomi Alice Sadie Hailey Eva Emilia Autumn Quinn Nevaeh Piper Ruby
Serenity Willow Everly Cora Kaylee Lydia Jennifer Linda Patricia Barbara Susan Jessica
Karen Nancy Margaret Sandra Ashley Donna Michelle Carol Amanda Melissa Deborah Stephanie
Rebecca Laura Sharon Cynthia Kathleen Amy Angela Rachel Catherine Maria Diane
";

pub const MALE_FIRST: &str = "
Liam Noah William James Oliver Benjamin Elijah Lucas Mason Logan Alexander Ethan Jacob
Michael Daniel Henry Jackson Sebastian Aiden Matthew Samuel David Joseph Carter Owen
Wyatt John Jack Luke Jayden Dylan Grayson Levi Isaac Gabriel Julian Mateo Anthony Jaxon
Lincoln Joshua Christopher Andrew Theodore Caleb Ryan Asher Nathan Thomas Leo Isaiah
Charles Josiah Hudson Christian Hunter Connor Eli Ezra Aaron Landon Adrian Jonathan
Nolan Jeremiah Easton Elias Colton Cameron Carson Robert Angel Maverick Nicholas Dominic
Jaxson Greyson Adam Ian Austin Santiago Jordan Cooper Brayden Roman Evan Ezekiel Xavier
Jose Jace Richard Walter Arthur Mark Donald Steven Paul Kenneth Kevin Brian George
Edward Ronald Timothy Jason Jeffrey Gary Eric Stephen Larry Justin Scott Brandon Frank
Gregory Raymond Patrick Dennis Peter Douglas Harold
";

pub const SURNAMES: &str = "
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson
White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott
Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter
Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart
Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed
Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray
Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez
Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales
Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds
Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar
Stevens Murray Ford Castro Marshall Owens Harrison Fernandez Mcdonald Woods Washington
Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson
Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer
";

/// First words of street names.
pub const STREET_WORDS: &str = "
Maple Cedar Willow Juniper Larkspur Sparrow Hawthorne Chestnut Aspen Birch Magnolia
Linden Sycamore Elm Laurel Holly Meadowlark Foxglove Heron Kestrel Bramble Clover Quarry
Lantern Orchard Mill Harbor Summit Prairie Canyon Bluebell Thistle Wren Fairview
Lakeview Highland Riverside Stonegate Briar Cypress Hickory Poplar Tamarack Alder Beacon
Cardinal Deerfield Fernwood Garnet Ironwood
";

/// Optional second words of street names.
pub const STREET_SECOND: &str = "
Hollow Ridge Creek Grove Glen Park Hill Brook Field Crest Run Bend
";

pub const STREET_SUFFIXES: &str = "
St Ave Rd Ln Dr Ct Way Pl Blvd Ter Trl Cir Pkwy
";

/// First parts of made-up city names.
pub const CITY_FIRST: &str = "
Maple Cedar River Lake Pine Fair Green Spring Brook Ash Elm Clear Stone Silver Willow
North West East Rock Sand Mill Harbor Oak Bridge Glen Hazel Laurel Mead Wood Copper Fox
Bay
";

/// Endings glued onto the first part ("Maple" + "ton").
pub const CITY_ENDINGS: &str = "ton ville field port wood dale ford brook view mont haven";

/// Second words ("Cedar" + " Falls").
pub const CITY_SECOND_WORDS: &str = "Springs Falls Heights Grove Crossing Hollow Point";

/// (state, lowest three-digit ZIP prefix, highest, rough population weight)
pub const STATES: &[(&str, u32, u32, f64)] = &[
    ("CA", 900, 961, 12.0),
    ("TX", 750, 799, 9.0),
    ("FL", 320, 349, 7.0),
    ("NY", 100, 149, 6.0),
    ("PA", 150, 196, 4.0),
    ("IL", 600, 629, 4.0),
    ("OH", 430, 458, 3.5),
    ("GA", 300, 319, 3.3),
    ("NC", 270, 289, 3.2),
    ("MI", 480, 499, 3.0),
    ("NJ", 70, 89, 2.8),
    ("VA", 220, 246, 2.6),
    ("WA", 980, 994, 2.4),
    ("AZ", 850, 865, 2.2),
    ("MA", 10, 27, 2.1),
    ("TN", 370, 385, 2.1),
    ("IN", 460, 479, 2.0),
    ("MO", 630, 658, 1.9),
    ("MD", 206, 219, 1.9),
    ("WI", 530, 549, 1.8),
    ("CO", 800, 816, 1.8),
    ("MN", 550, 567, 1.7),
    ("SC", 290, 299, 1.6),
    ("AL", 350, 369, 1.5),
    ("LA", 700, 714, 1.4),
    ("KY", 400, 427, 1.4),
    ("OR", 970, 979, 1.3),
    ("OK", 730, 749, 1.2),
    ("CT", 60, 69, 1.1),
    ("UT", 840, 847, 1.0),
    ("IA", 500, 528, 1.0),
    ("NV", 889, 898, 0.9),
    ("AR", 716, 729, 0.9),
    ("KS", 660, 679, 0.9),
    ("NM", 870, 884, 0.6),
    ("NE", 680, 693, 0.6),
    ("ID", 832, 838, 0.6),
    ("ME", 39, 49, 0.4),
    ("NH", 30, 38, 0.4),
    ("MT", 590, 599, 0.3),
    ("VT", 50, 59, 0.2),
];
