//! Money in integer minor units, tied to an ISO 4217 currency.
//!
//! Shops send prices as decimal strings ("12.50") or JSON numbers. They are
//! parsed with decimal arithmetic (`rust_decimal`) and converted to integer
//! minor units with the currency's ISO 4217 exponent; floats never carry money.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// Currencies whose ISO 4217 minor-unit exponent is not 2.
const EXPONENTS: &[(&str, u32)] = &[
    ("BHD", 3),
    ("BIF", 0),
    ("CLF", 4),
    ("CLP", 0),
    ("DJF", 0),
    ("GNF", 0),
    ("IQD", 3),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KMF", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("PYG", 0),
    ("RWF", 0),
    ("TND", 3),
    ("UGX", 0),
    ("UYI", 0),
    ("UYW", 4),
    ("VND", 0),
    ("VUV", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("XPF", 0),
];

/// Active ISO 4217 codes (list of 2026). A currency outside this list is rejected.
const CODES: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV \
BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP \
ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD \
JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR \
MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF \
SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH \
UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

/// An ISO 4217 currency, stored as its upper-case code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Parses a three-letter code in either case ("usd", "EUR").
    pub fn parse(code: &str) -> Result<Currency, MoneyError> {
        let upper = code.trim().to_ascii_uppercase();
        let known = upper.len() == 3 && CODES.split_ascii_whitespace().any(|c| c == upper);
        if !known {
            return Err(MoneyError::UnknownCurrency(code.to_string()));
        }

        let bytes = upper.as_bytes();
        Ok(Currency([bytes[0], bytes[1], bytes[2]]))
    }

    /// Returns the upper-case code, as shops usually write it ("EUR").
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).expect("currency codes are ASCII")
    }

    /// Returns the lower-case code, as ACP recommends on the wire ("eur").
    pub fn lower(&self) -> String {
        self.code().to_ascii_lowercase()
    }

    /// Returns the number of decimal digits of the minor unit (2 for EUR, 0 for JPY).
    pub fn exponent(&self) -> u32 {
        EXPONENTS
            .iter()
            .find(|(code, _)| *code == self.code())
            .map_or(2, |(_, exponent)| *exponent)
    }

    /// Converts a decimal amount in major units ("12.50") to minor units (1250).
    ///
    /// Digits beyond the currency's exponent are rounded half away from zero,
    /// as shops do when they display a price stored with more precision.
    pub fn to_minor(&self, major: Decimal) -> Result<i64, MoneyError> {
        let scaled = major
            .round_dp_with_strategy(self.exponent(), RoundingStrategy::MidpointAwayFromZero)
            .checked_mul(Decimal::from(10_i64.pow(self.exponent())))
            .ok_or(MoneyError::OutOfRange(major.to_string()))?;
        i64::try_from(scaled.trunc()).map_err(|_| MoneyError::OutOfRange(major.to_string()))
    }

    /// Renders minor units as a decimal string in major units (1250 → "12.50").
    pub fn format_major(&self, minor: i64) -> String {
        Decimal::new(minor, self.exponent()).to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Errors from reading a money value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("`{0}` is not an ISO 4217 currency code")]
    UnknownCurrency(String),
    #[error("`{0}` is not a decimal amount (expected digits with an optional `.` and fraction, such as 12.50)")]
    NotDecimal(String),
    #[error("amount `{0}` is out of range")]
    OutOfRange(String),
}

/// Parses a decimal amount in major units with the dot grammar: an optional
/// minus sign, digits, and an optional `.` followed by digits. Thousands
/// separators, exponents, `NaN` and empty strings are rejected.
pub fn parse_decimal(text: &str) -> Result<Decimal, MoneyError> {
    let trimmed = text.trim();
    let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let well_formed = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && fraction.is_empty());
    if !well_formed {
        return Err(MoneyError::NotDecimal(text.to_string()));
    }

    trimmed
        .parse::<Decimal>()
        .map_err(|_| MoneyError::OutOfRange(text.to_string()))
}

/// Parses a JSON value holding money in major units: a decimal string, or a
/// JSON number read through its shortest decimal text. serde_json stores such
/// numbers as `f64`, whose shortest text is exact up to 15 significant digits;
/// the arithmetic after that is decimal.
pub fn decimal_from_json(value: &serde_json::Value) -> Result<Decimal, MoneyError> {
    match value {
        serde_json::Value::String(text) => parse_decimal(text),
        serde_json::Value::Number(number) => parse_decimal(&number.to_string()),
        other => Err(MoneyError::NotDecimal(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::parse("eur").unwrap()
    }

    #[test]
    fn decimal_string_to_minor_units() {
        let amount = parse_decimal("12.50").unwrap();
        assert_eq!(eur().to_minor(amount).unwrap(), 1250);
    }

    #[test]
    fn zero_exponent_currency() {
        let yen = Currency::parse("JPY").unwrap();
        assert_eq!(yen.exponent(), 0);
        assert_eq!(yen.to_minor(parse_decimal("1500").unwrap()).unwrap(), 1500);
        assert_eq!(yen.format_major(1500), "1500");
    }

    #[test]
    fn three_digit_exponent_currency() {
        let dinar = Currency::parse("KWD").unwrap();
        assert_eq!(
            dinar.to_minor(parse_decimal("1.234").unwrap()).unwrap(),
            1234
        );
        assert_eq!(dinar.format_major(1234), "1.234");
    }

    #[test]
    fn extra_digits_round_half_away_from_zero() {
        assert_eq!(eur().to_minor(parse_decimal("0.125").unwrap()).unwrap(), 13);
        assert_eq!(eur().to_minor(parse_decimal("0.124").unwrap()).unwrap(), 12);
    }

    #[test]
    fn json_number_is_read_exactly() {
        let value: serde_json::Value = serde_json::from_str("0.1").unwrap();
        let amount = decimal_from_json(&value).unwrap();
        assert_eq!(eur().to_minor(amount).unwrap(), 10);
    }

    #[test]
    fn malformed_amounts_are_rejected() {
        for text in [
            "", "1,000.00", "1e3", "NaN", "12.", ".5", "12.5.0", "abc", "--1",
        ] {
            assert!(parse_decimal(text).is_err(), "{text} should be rejected");
        }
    }

    #[test]
    fn unknown_currency_is_rejected() {
        assert!(Currency::parse("XYZ").is_err());
        assert!(Currency::parse("EURO").is_err());
    }

    #[test]
    fn format_major_pads_fraction() {
        assert_eq!(eur().format_major(8399), "83.99");
        assert_eq!(eur().format_major(500), "5.00");
        assert_eq!(eur().format_major(-5), "-0.05");
    }
}
