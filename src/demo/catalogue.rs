//! Catalogue data of the demo shop: products, variations, categories, brands
//! and attributes, as constant tables.
//!
//! Brand and product names are invented. Ids 101–106, 110–112 and 120–142 are
//! fixed because tests depend on them (see the table in the module above).

/// WooCommerce product `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ProductType {
    Simple,
    Variable,
    Variation,
}

impl ProductType {
    /// Returns the name WooCommerce uses in the `type` field.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            ProductType::Simple => "simple",
            ProductType::Variable => "variable",
            ProductType::Variation => "variation",
        }
    }
}

/// WooCommerce `stock_status` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum StockStatus {
    InStock,
    OutOfStock,
    OnBackorder,
}

impl StockStatus {
    /// Returns the name WooCommerce uses in the `stock_status` field.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            StockStatus::InStock => "instock",
            StockStatus::OutOfStock => "outofstock",
            StockStatus::OnBackorder => "onbackorder",
        }
    }

    /// Parses a `stock_status` value, returning `None` for unknown names.
    pub(super) fn parse(name: &str) -> Option<StockStatus> {
        match name {
            "instock" => Some(StockStatus::InStock),
            "outofstock" => Some(StockStatus::OutOfStock),
            "onbackorder" => Some(StockStatus::OnBackorder),
            _ => None,
        }
    }
}

/// Stock of a catalogue entry when a server starts.
#[derive(Clone, Copy, Debug)]
pub(super) enum SeedStock {
    /// `manage_stock` is true with this `stock_quantity`.
    Managed(i64),
    /// `manage_stock` is false and `stock_quantity` is null.
    Unmanaged(StockStatus),
    /// A variable product, whose stock status is derived from its variations.
    FromVariations,
}

/// Product category (WooCommerce `product_cat` term).
pub(super) struct Category {
    pub id: u64,
    pub name: &'static str,
    pub slug: &'static str,
}

/// Product brand (WooCommerce `product_brand` term).
pub(super) struct Brand {
    pub id: u64,
    pub name: &'static str,
    pub slug: &'static str,
}

/// Global product attribute (WooCommerce `pa_*` taxonomy).
pub(super) struct Attribute {
    pub id: u64,
    pub name: &'static str,
    pub slug: &'static str,
}

/// Attribute values of one catalogue entry.
///
/// A variation has exactly one option per attribute. On a variable product,
/// `used_for_variations` marks the attribute its variations choose from.
#[derive(Clone, Copy, Debug)]
pub(super) struct SeedAttribute {
    pub id: u64,
    pub options: &'static [&'static str],
    pub used_for_variations: bool,
}

/// One catalogue entry: a simple product, a variable product or a variation.
///
/// Prices are decimal strings as WooCommerce stores them, and an empty
/// `regular_price` means the product has no price. A variable product's
/// prices are empty because they are derived from its variations.
#[derive(Clone, Copy, Debug)]
pub(super) struct Seed {
    pub id: u64,
    pub parent_id: u64,
    pub product_type: ProductType,
    pub name: &'static str,
    pub slug: &'static str,
    pub sku: &'static str,
    pub regular_price: &'static str,
    pub sale_price: &'static str,
    pub stock: SeedStock,
    pub is_virtual: bool,
    pub downloadable: bool,
    pub category_ids: &'static [u64],
    pub brand_ids: &'static [u64],
    pub attributes: &'static [SeedAttribute],
    pub short_description: &'static str,
    pub description: &'static str,
}

const HEADPHONES: u64 = 21;
const EARBUDS: u64 = 22;
const ACCESSORIES: u64 = 23;
const CABLES: u64 = 24;
const AMPS: u64 = 25;
const KIDS: u64 = 26;
const DIGITAL: u64 = 27;

/// Product categories, by id.
pub(super) const CATEGORIES: &[Category] = &[
    Category {
        id: HEADPHONES,
        name: "Headphones",
        slug: "headphones",
    },
    Category {
        id: EARBUDS,
        name: "Earbuds",
        slug: "earbuds",
    },
    Category {
        id: ACCESSORIES,
        name: "Accessories",
        slug: "accessories",
    },
    Category {
        id: CABLES,
        name: "Cables and Adapters",
        slug: "cables-and-adapters",
    },
    Category {
        id: AMPS,
        name: "Amplifiers and DACs",
        slug: "amplifiers-and-dacs",
    },
    Category {
        id: KIDS,
        name: "Kids",
        slug: "kids",
    },
    Category {
        id: DIGITAL,
        name: "Digital Downloads",
        slug: "digital-downloads",
    },
];

const QUILLSOUND: u64 = 31;
const OSTRA: u64 = 32;
const BRASSFINCH: u64 = 33;
const KESTRELPINE: u64 = 34;

/// Product brands, by id.
pub(super) const BRANDS: &[Brand] = &[
    Brand {
        id: QUILLSOUND,
        name: "Quillsound",
        slug: "quillsound",
    },
    Brand {
        id: OSTRA,
        name: "Ostra Acoustics",
        slug: "ostra-acoustics",
    },
    Brand {
        id: BRASSFINCH,
        name: "Brassfinch",
        slug: "brassfinch",
    },
    Brand {
        id: KESTRELPINE,
        name: "Kestrelpine",
        slug: "kestrelpine",
    },
];

const COLOUR: u64 = 1;
const NOISE_CANCELLING: u64 = 2;
const CONNECTIVITY: u64 = 3;
const DRIVER_SIZE: u64 = 4;
const CABLE_LENGTH: u64 = 5;
const CONNECTOR: u64 = 6;

/// Global product attributes, by id.
pub(super) const ATTRIBUTES: &[Attribute] = &[
    Attribute {
        id: COLOUR,
        name: "Colour",
        slug: "pa_colour",
    },
    Attribute {
        id: NOISE_CANCELLING,
        name: "Noise cancelling",
        slug: "pa_noise-cancelling",
    },
    Attribute {
        id: CONNECTIVITY,
        name: "Connectivity",
        slug: "pa_connectivity",
    },
    Attribute {
        id: DRIVER_SIZE,
        name: "Driver size",
        slug: "pa_driver-size",
    },
    Attribute {
        id: CABLE_LENGTH,
        name: "Cable length",
        slug: "pa_cable-length",
    },
    Attribute {
        id: CONNECTOR,
        name: "Connector",
        slug: "pa_connector",
    },
];

/// Looks up a category by id.
pub(super) fn category(id: u64) -> Option<&'static Category> {
    CATEGORIES.iter().find(|category| category.id == id)
}

/// Looks up a brand by id.
pub(super) fn brand(id: u64) -> Option<&'static Brand> {
    BRANDS.iter().find(|brand| brand.id == id)
}

/// Looks up a global attribute by id.
pub(super) fn attribute(id: u64) -> Option<&'static Attribute> {
    ATTRIBUTES.iter().find(|attribute| attribute.id == id)
}

const fn attr(id: u64, options: &'static [&'static str]) -> SeedAttribute {
    SeedAttribute {
        id,
        options,
        used_for_variations: false,
    }
}

const fn variation_attr(id: u64, options: &'static [&'static str]) -> SeedAttribute {
    SeedAttribute {
        id,
        options,
        used_for_variations: true,
    }
}

const fn simple(
    id: u64,
    name: &'static str,
    slug: &'static str,
    sku: &'static str,
    regular_price: &'static str,
    stock: SeedStock,
) -> Seed {
    Seed {
        id,
        parent_id: 0,
        product_type: ProductType::Simple,
        name,
        slug,
        sku,
        regular_price,
        sale_price: "",
        stock,
        is_virtual: false,
        downloadable: false,
        category_ids: &[],
        brand_ids: &[],
        attributes: &[],
        short_description: "",
        description: "",
    }
}

const fn variable(id: u64, name: &'static str, slug: &'static str, sku: &'static str) -> Seed {
    let mut seed = simple(id, name, slug, sku, "", SeedStock::FromVariations);
    seed.product_type = ProductType::Variable;
    seed
}

const fn variation(
    id: u64,
    parent_id: u64,
    name: &'static str,
    slug: &'static str,
    sku: &'static str,
    regular_price: &'static str,
    stock: SeedStock,
) -> Seed {
    let mut seed = simple(id, name, slug, sku, regular_price, stock);
    seed.product_type = ProductType::Variation;
    seed.parent_id = parent_id;
    seed
}

impl Seed {
    const fn sale(mut self, sale_price: &'static str) -> Seed {
        self.sale_price = sale_price;
        self
    }

    const fn in_categories(mut self, category_ids: &'static [u64]) -> Seed {
        self.category_ids = category_ids;
        self
    }

    const fn by(mut self, brand_ids: &'static [u64]) -> Seed {
        self.brand_ids = brand_ids;
        self
    }

    const fn with_attributes(mut self, attributes: &'static [SeedAttribute]) -> Seed {
        self.attributes = attributes;
        self
    }

    const fn describe(
        mut self,
        short_description: &'static str,
        description: &'static str,
    ) -> Seed {
        self.short_description = short_description;
        self.description = description;
        self
    }

    const fn virtual_download(mut self) -> Seed {
        self.is_virtual = true;
        self.downloadable = true;
        self
    }
}

use SeedStock::{Managed, Unmanaged};
use StockStatus::{InStock, OnBackorder};

/// Every catalogue entry, sorted by id. Variations follow their parent.
pub(super) const SEEDS: &[Seed] = &[
    simple(101, "Quillsound Aurora ANC Wireless Headphones", "aurora-anc-wireless-headphones", "QS-AUR-ANC", "129.99", Managed(25))
        .in_categories(&[HEADPHONES])
        .by(&[QUILLSOUND])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["Yes"]),
            attr(CONNECTIVITY, &["Bluetooth 5.3"]),
            attr(DRIVER_SIZE, &["40 mm"]),
        ])
        .describe(
            "Over-ear wireless headphones with adaptive noise cancelling.",
            "Over-ear wireless headphones with adaptive noise cancelling, 35 hours of battery life and a fold-flat design.",
        ),
    simple(102, "Quillsound Pebble True Wireless Earbuds", "pebble-true-wireless-earbuds", "QS-PEB-TWS", "79.50", Managed(2))
        .in_categories(&[EARBUDS])
        .by(&[QUILLSOUND])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["No"]),
            attr(CONNECTIVITY, &["Bluetooth 5.2"]),
            attr(DRIVER_SIZE, &["10 mm"]),
        ])
        .describe(
            "True-wireless earbuds in a pocket-sized charging case.",
            "True-wireless earbuds with 8 hours of playback, a charging case for three more charges and IPX4 splash resistance.",
        ),
    simple(103, "Ostra Acoustics Studio Reference Headphones", "studio-reference-headphones", "OA-SR-1", "199.00", Managed(0))
        .in_categories(&[HEADPHONES])
        .by(&[OSTRA])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["No"]),
            attr(CONNECTIVITY, &["Wired"]),
            attr(DRIVER_SIZE, &["50 mm"]),
        ])
        .describe(
            "Closed-back studio headphones with a flat frequency response.",
            "Closed-back studio headphones for mixing and monitoring, with a detachable coiled cable and a 6.35 mm adapter.",
        ),
    simple(104, "Brassfinch Walnut Headphone Stand", "walnut-headphone-stand", "BF-STAND-WAL", "24.90", Unmanaged(InStock))
        .in_categories(&[ACCESSORIES])
        .by(&[BRASSFINCH])
        .describe(
            "Solid walnut stand for one pair of headphones.",
            "Solid walnut headphone stand with a weighted base and a felt-lined hanger.",
        ),
    simple(105, "Quillsound Aurora Anniversary Edition", "aurora-anniversary-edition", "QS-AUR-ANN", "", Managed(5))
        .in_categories(&[HEADPHONES])
        .by(&[QUILLSOUND])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["Yes"]),
            attr(CONNECTIVITY, &["Bluetooth 5.3"]),
            attr(DRIVER_SIZE, &["40 mm"]),
        ])
        .describe(
            "Numbered limited edition of the Aurora headphones. Price on request.",
            "Numbered limited edition of the Aurora headphones in anodised copper. The price is not yet set, so it cannot be bought.",
        ),
    simple(106, "Ostra Acoustics EQ Preset Pack", "eq-preset-pack", "OA-EQ-PACK", "4.99", Unmanaged(InStock))
        .virtual_download()
        .in_categories(&[DIGITAL])
        .by(&[OSTRA])
        .describe(
            "Downloadable equaliser presets for popular headphones.",
            "A downloadable pack of 40 equaliser presets for common headphone models, for desktop and mobile EQ apps.",
        ),
    variable(110, "Kestrelpine Drift Wireless Headphones", "drift-wireless-headphones", "KP-DRIFT")
        .in_categories(&[HEADPHONES])
        .by(&[KESTRELPINE])
        .with_attributes(&[
            variation_attr(COLOUR, &["Black", "Silver"]),
            attr(NOISE_CANCELLING, &["Yes"]),
            attr(CONNECTIVITY, &["Bluetooth 5.3"]),
        ])
        .describe(
            "Lightweight noise-cancelling headphones in two colours.",
            "Lightweight over-ear headphones with noise cancelling and multipoint Bluetooth, in Black or Silver.",
        ),
    variation(111, 110, "Kestrelpine Drift Wireless Headphones - Black", "drift-wireless-headphones-black", "KP-DRIFT-BLK", "149.00", Managed(10))
        .with_attributes(&[attr(COLOUR, &["Black"])]),
    variation(112, 110, "Kestrelpine Drift Wireless Headphones - Silver", "drift-wireless-headphones-silver", "KP-DRIFT-SLV", "149.00", Managed(0))
        .with_attributes(&[attr(COLOUR, &["Silver"])]),
    simple(120, "Brassfinch Braided 3.5 mm Audio Cable (1.2 m)", "braided-audio-cable-1-2-m", "BF-CBL-35-12", "9.99", Managed(150))
        .in_categories(&[CABLES, ACCESSORIES])
        .by(&[BRASSFINCH])
        .with_attributes(&[attr(CABLE_LENGTH, &["1.2 m"]), attr(CONNECTOR, &["3.5 mm"])])
        .describe(
            "Braided replacement cable with 3.5 mm plugs on both ends.",
            "A tangle-resistant braided audio cable with gold-plated 3.5 mm plugs on both ends.",
        ),
    simple(121, "Brassfinch USB-C to 3.5 mm Adapter", "usb-c-to-3-5-mm-adapter", "BF-ADP-USBC", "14.00", Managed(60))
        .sale("11.20")
        .in_categories(&[CABLES, ACCESSORIES])
        .by(&[BRASSFINCH])
        .with_attributes(&[attr(CONNECTOR, &["USB-C", "3.5 mm"])])
        .describe(
            "Adapter with a built-in DAC for phones without a headphone jack.",
            "A short USB-C to 3.5 mm adapter with a built-in 24-bit DAC.",
        ),
    simple(122, "Quillsound Aurora Memory Foam Ear Cushions", "aurora-memory-foam-ear-cushions", "QS-AUR-CUSH", "34.00", Managed(40))
        .in_categories(&[ACCESSORIES])
        .by(&[QUILLSOUND])
        .describe(
            "Replacement ear cushions for the Aurora headphones.",
            "A pair of memory foam replacement ear cushions for the Aurora and Aurora Lite headphones.",
        ),
    simple(123, "Ostra Acoustics Velour Ear Cushions", "velour-ear-cushions", "OA-CUSH-VEL", "29.00", Managed(3))
        .in_categories(&[ACCESSORIES])
        .by(&[OSTRA])
        .describe(
            "Breathable velour ear cushions for studio headphones.",
            "A pair of breathable velour ear cushions for the Studio Reference and Coda headphones.",
        ),
    simple(124, "Brassfinch Hard-Shell Travel Case", "hard-shell-travel-case", "BF-CASE-HS", "27.50", Unmanaged(InStock))
        .sale("19.90")
        .in_categories(&[ACCESSORIES])
        .by(&[BRASSFINCH])
        .describe(
            "Hard-shell case for folding over-ear headphones.",
            "A hard-shell zip case with a cable pocket, for folding over-ear headphones.",
        ),
    simple(125, "Brassfinch Silicone Ear Tips (1 pair)", "silicone-ear-tips-1-pair", "BF-TIPS-1", "0.99", Managed(500))
        .in_categories(&[ACCESSORIES])
        .by(&[BRASSFINCH])
        .describe(
            "One pair of silicone ear tips, size M.",
            "One pair of medium silicone ear tips that fit most earbuds.",
        ),
    simple(126, "Ostra Acoustics Nimbus Desktop DAC and Amplifier", "nimbus-desktop-dac-amplifier", "OA-NIMBUS", "1249.00", Managed(4))
        .in_categories(&[AMPS])
        .by(&[OSTRA])
        .with_attributes(&[attr(CONNECTIVITY, &["USB-C", "Optical", "Coaxial"])])
        .describe(
            "Desktop DAC and headphone amplifier with balanced outputs.",
            "A desktop DAC and headphone amplifier with balanced 4.4 mm and 6.35 mm outputs and a stepped volume control.",
        ),
    simple(127, "Ostra Acoustics Pocket USB DAC", "pocket-usb-dac", "OA-POCKET", "89.00", Unmanaged(OnBackorder))
        .in_categories(&[AMPS])
        .by(&[OSTRA])
        .with_attributes(&[attr(CONNECTIVITY, &["USB-C"])])
        .describe(
            "Thumb-sized USB DAC for laptops and phones.",
            "A thumb-sized USB DAC and amplifier that drives most headphones from a laptop or phone.",
        ),
    simple(128, "Kestrelpine Junior Volume-Limited Headphones", "junior-volume-limited-headphones", "KP-JUN-WIRED", "39.00", Managed(18))
        .sale("29.00")
        .in_categories(&[HEADPHONES, KIDS])
        .by(&[KESTRELPINE])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["No"]),
            attr(CONNECTIVITY, &["Wired"]),
            attr(DRIVER_SIZE, &["32 mm"]),
        ])
        .describe(
            "Kids' headphones limited to 85 dB.",
            "Sturdy, bendable kids' headphones with volume limited to 85 dB and a sharing jack.",
        ),
    simple(129, "Kestrelpine Junior Wireless Headphones", "junior-wireless-headphones", "KP-JUN-BT", "59.00", Managed(0))
        .in_categories(&[HEADPHONES, KIDS])
        .by(&[KESTRELPINE])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["No"]),
            attr(CONNECTIVITY, &["Bluetooth 5.0"]),
            attr(DRIVER_SIZE, &["32 mm"]),
        ])
        .describe(
            "Wireless kids' headphones limited to 85 dB.",
            "Wireless kids' headphones with volume limited to 85 dB and 20 hours of battery life.",
        ),
    simple(130, "Quillsound Pebble Replacement Charging Case", "pebble-replacement-charging-case", "QS-PEB-CASE", "29.90", Managed(7))
        .in_categories(&[ACCESSORIES])
        .by(&[QUILLSOUND])
        .describe(
            "Replacement charging case for Pebble earbuds.",
            "A replacement charging case for Pebble true-wireless earbuds, with USB-C charging.",
        ),
    simple(131, "Brassfinch Dual Headphone Splitter", "dual-headphone-splitter", "BF-SPLIT", "7.50", Unmanaged(InStock))
        .in_categories(&[CABLES, ACCESSORIES])
        .by(&[BRASSFINCH])
        .with_attributes(&[attr(CONNECTOR, &["3.5 mm"])])
        .describe(
            "Splitter for two pairs of headphones on one jack.",
            "A short splitter cable that connects two pairs of headphones to one 3.5 mm jack.",
        ),
    simple(132, "Brassfinch 6.35 mm to 3.5 mm Adapter Plug", "6-35-mm-to-3-5-mm-adapter-plug", "BF-ADP-635", "4.50", Managed(80))
        .in_categories(&[CABLES, ACCESSORIES])
        .by(&[BRASSFINCH])
        .with_attributes(&[attr(CONNECTOR, &["6.35 mm", "3.5 mm"])])
        .describe(
            "Screw-on adapter from 3.5 mm plugs to 6.35 mm jacks.",
            "A gold-plated screw-on adapter that lets 3.5 mm headphones plug into 6.35 mm jacks.",
        ),
    simple(133, "Quillsound Coda Open-Back Headphones", "coda-open-back-headphones", "QS-CODA", "249.00", Managed(6))
        .in_categories(&[HEADPHONES])
        .by(&[QUILLSOUND])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["No"]),
            attr(CONNECTIVITY, &["Wired"]),
            attr(DRIVER_SIZE, &["42 mm"]),
        ])
        .describe(
            "Open-back headphones with a wide soundstage.",
            "Open-back wired headphones for home listening, with replaceable cushions and cable.",
        ),
    simple(134, "Ostra Acoustics Lumen Planar Headphones", "lumen-planar-headphones", "OA-LUMEN", "899.00", Managed(1))
        .in_categories(&[HEADPHONES])
        .by(&[OSTRA])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["No"]),
            attr(CONNECTIVITY, &["Wired"]),
            attr(DRIVER_SIZE, &["80 mm"]),
        ])
        .describe(
            "Planar magnetic headphones with 80 mm drivers.",
            "Open-back planar magnetic headphones with 80 mm drivers and a balanced cable.",
        ),
    simple(135, "Kestrelpine Trail Sport Earbuds", "trail-sport-earbuds", "KP-TRAIL", "49.00", Managed(30))
        .sale("39.00")
        .in_categories(&[EARBUDS])
        .by(&[KESTRELPINE])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["No"]),
            attr(CONNECTIVITY, &["Bluetooth 5.3"]),
            attr(DRIVER_SIZE, &["6 mm"]),
        ])
        .describe(
            "Sweat-proof earbuds with ear hooks.",
            "Sweat-proof wireless earbuds with ear hooks, rated IPX7, for running and training.",
        ),
    simple(136, "Quillsound Aurora Lite Wireless Headphones", "aurora-lite-wireless-headphones", "QS-AUR-LITE", "89.99", Managed(12))
        .in_categories(&[HEADPHONES])
        .by(&[QUILLSOUND])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["Yes"]),
            attr(CONNECTIVITY, &["Bluetooth 5.2"]),
            attr(DRIVER_SIZE, &["40 mm"]),
        ])
        .describe(
            "Lighter, simpler Aurora with noise cancelling.",
            "A lighter version of the Aurora headphones with noise cancelling and 30 hours of battery life.",
        ),
    simple(137, "Brassfinch Airline Flight Adapter", "airline-flight-adapter", "BF-ADP-AIR", "3.99", Managed(0))
        .in_categories(&[CABLES, ACCESSORIES])
        .by(&[BRASSFINCH])
        .with_attributes(&[attr(CONNECTOR, &["Dual 3.5 mm"])])
        .describe(
            "Adapter for two-prong airline audio sockets.",
            "An adapter that connects 3.5 mm headphones to two-prong airline audio sockets.",
        ),
    simple(138, "Brassfinch Balanced 4.4 mm Cable (1.5 m)", "balanced-4-4-mm-cable-1-5-m", "BF-CBL-44-15", "64.00", Managed(9))
        .in_categories(&[CABLES])
        .by(&[BRASSFINCH])
        .with_attributes(&[attr(CABLE_LENGTH, &["1.5 m"]), attr(CONNECTOR, &["4.4 mm"])])
        .describe(
            "Balanced headphone cable with a 4.4 mm plug.",
            "A silver-plated copper headphone cable with a balanced 4.4 mm plug and dual 3.5 mm headphone plugs.",
        ),
    simple(139, "Ostra Acoustics Cable Organiser Pouch", "cable-organiser-pouch", "OA-POUCH", "6.00", Unmanaged(InStock))
        .in_categories(&[ACCESSORIES])
        .by(&[OSTRA])
        .describe(
            "Small pouch for cables and adapters.",
            "A small zip pouch with elastic loops for cables, adapters and ear tips.",
        ),
    simple(140, "Kestrelpine Gaming Headset with Boom Mic", "gaming-headset-boom-mic", "KP-GAME", "119.00", Managed(14))
        .sale("99.00")
        .in_categories(&[HEADPHONES])
        .by(&[KESTRELPINE])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["No"]),
            attr(CONNECTIVITY, &["USB-C", "2.4 GHz wireless"]),
            attr(DRIVER_SIZE, &["50 mm"]),
        ])
        .describe(
            "Wireless gaming headset with a detachable boom microphone.",
            "A low-latency 2.4 GHz wireless gaming headset with a detachable boom microphone and USB-C wired mode.",
        ),
    simple(141, "Quillsound Hush Sleep Earbuds", "hush-sleep-earbuds", "QS-HUSH", "139.00", Unmanaged(OnBackorder))
        .in_categories(&[EARBUDS])
        .by(&[QUILLSOUND])
        .with_attributes(&[
            attr(NOISE_CANCELLING, &["No"]),
            attr(CONNECTIVITY, &["Bluetooth 5.2"]),
            attr(DRIVER_SIZE, &["6 mm"]),
        ])
        .describe(
            "Low-profile earbuds for sleeping on your side.",
            "Low-profile wireless earbuds that mask noise while you sleep, with 10 hours of battery life.",
        ),
    simple(142, "Ostra Acoustics Headphone Cleaning Kit", "headphone-cleaning-kit", "OA-CLEAN", "11.00", Managed(2))
        .in_categories(&[ACCESSORIES])
        .by(&[OSTRA])
        .describe(
            "Brush, cloth and spray for cleaning headphones.",
            "A cleaning kit with a soft brush, a microfibre cloth and an alcohol-free spray for headphones and earbuds.",
        ),
];
