"""Identity keys: when two written forms of a LinkedIn URL, email, phone, name or company agree."""

from __future__ import annotations

import pytest

from netgraph.identity.keys import email_key, linkedin_key, phone_key
from netgraph.identity.names import company_key, name_key

# --- LinkedIn profile URLs -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/jane-doe",
        "http://www.linkedin.com/in/jane-doe",  # scheme
        "HTTPS://www.linkedin.com/in/jane-doe",  # scheme case
        "https://WWW.LinkedIn.COM/in/jane-doe",  # host case
        "https://linkedin.com/in/jane-doe",  # no www.
        "https://uk.linkedin.com/in/jane-doe",  # country subdomain
        "www.linkedin.com/in/jane-doe",  # no scheme
        "linkedin.com/in/jane-doe",
        "//www.linkedin.com/in/jane-doe",
        "https://www.linkedin.com/in/jane-doe/",  # trailing slash
        "https://www.linkedin.com/in/jane-doe?trk=people-guest&originalSubdomain=uk",  # query
        "https://www.linkedin.com/in/jane-doe/?trk=x",
        "https://www.linkedin.com/in/jane-doe#experience",  # fragment
        "https://www.linkedin.com/in/jane%2Ddoe",  # percent-encoding
        "https://www.linkedin.com/in/%6A%61%6E%65-doe",
        "https://www.linkedin.com/in/Jane-Doe",  # case of the slug
        "https://www.linkedin.com/in/JANE-DOE/",
        "https://www.linkedin.com/IN/jane-doe",
        "  https://www.linkedin.com/in/jane-doe \n",  # surrounding whitespace
    ],
)
def test_every_way_of_writing_a_profile_url_gives_one_key(url: str) -> None:
    assert linkedin_key(url) == "linkedin.com/in/jane-doe"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/J%C3%BCrgen-M",
        "https://www.linkedin.com/in/jürgen-m",
        "https://www.linkedin.com/in/JÜRGEN-M/",
        "linkedin.com/in/j%c3%bcrgen-m?trk=x",
    ],
)
def test_percent_encoded_and_unicode_slugs_agree(url: str) -> None:
    assert linkedin_key(url) == "linkedin.com/in/jürgen-m"


def test_pub_urls_are_profiles_and_normalise_like_in_urls() -> None:
    variants = [
        "https://www.linkedin.com/pub/jane-doe/1b/2a3/4c5",
        "http://linkedin.com/pub/Jane-Doe/1b/2a3/4c5/",
        "www.LinkedIn.com/pub/jane-doe/1b/2a3/4c5?trk=x",
        "https://de.linkedin.com/PUB/jane-doe/1b/2a3/4c5#top",
    ]
    keys = {linkedin_key(url) for url in variants}
    assert len(keys) == 1
    (key,) = keys
    assert key is not None
    assert key.startswith("linkedin.com/pub/jane-doe")
    assert key != linkedin_key("https://www.linkedin.com/in/jane-doe")


def test_two_pub_urls_with_the_same_name_but_different_ids_are_different_profiles() -> None:
    # Old public URLs carry the profile id after the name; the name part alone is not unique.
    first = linkedin_key("https://www.linkedin.com/pub/john-smith/1b/2a3/4c5")
    second = linkedin_key("https://www.linkedin.com/pub/john-smith/9/870/65a")
    assert first is not None
    assert second is not None
    assert first != second


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "   ",
        "Jane Doe",
        "jane@example.com",
        "https://example.com/in/jane-doe",
        "https://notlinkedin.com/in/jane-doe",
        "https://linkedin.com.evil.example/in/jane-doe",
        "https://evil.example/www.linkedin.com/in/jane-doe",
        "https://www.linkedin.com/company/acme",
        "https://www.linkedin.com/school/mit/",
        "https://www.linkedin.com/feed/",
        "https://www.linkedin.com/jobs/view/123",
        "https://www.linkedin.com/",
        "https://www.linkedin.com/in/",
        "https://www.linkedin.com/in/%20/",
        "https://www.linkedin.com/pub/",
        "http://[::1/in/jane",  # not even a URL
    ],
)
def test_anything_but_a_linkedin_profile_has_no_key(url: str | None) -> None:
    assert linkedin_key(url) is None


# --- Email addresses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        "bo@example.com",
        "Bo@Example.COM",
        "BO@EXAMPLE.COM",
        "  bo@example.com\t",
        "mailto:bo@example.com",
        "MAILTO:Bo@Example.com",
    ],
)
def test_email_keys_ignore_case_whitespace_and_mailto(email: str) -> None:
    assert email_key(email) == "bo@example.com"


def test_email_keys_keep_the_local_part_otherwise_intact() -> None:
    assert email_key("Bo.Smith+Jobs@Gmail.com") == "bo.smith+jobs@gmail.com"
    assert email_key("bo.smith@gmail.com") != email_key("bosmith@gmail.com")


@pytest.mark.parametrize(
    "text", [None, "", "not an email", "bo@", "@example.com", "bo@localhost", "bo smith@x.com"]
)
def test_text_that_is_not_an_email_has_no_key(text: str | None) -> None:
    assert email_key(text) is None


# --- Phone numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "region"),
    [
        ("(415) 555-0132", "US"),
        ("415.555.0132", "US"),
        ("415 555 0132", "US"),
        ("1-415-555-0132", "US"),
        ("+1 415 555 0132", "US"),
        ("+1 (415) 555-0132", "GB"),  # international form: the region does not matter
        ("+14155550132", "DE"),
        ("tel:+1-415-555-0132", "US"),
        ("011 1 415 555 0132", "US"),  # US international dialling prefix
        ("+1\u00a0415\u00a0555\u00a00132", "US"),  # no-break spaces
    ],
)
def test_us_number_in_national_and_international_forms(phone: str, region: str) -> None:
    assert phone_key(phone, region) == "+14155550132"


@pytest.mark.parametrize(
    ("phone", "region"),
    [
        ("020 7946 0958", "GB"),
        ("+44 20 7946 0958", "GB"),
        ("+44 20 7946 0958", "US"),
        ("0044 20 7946 0958", "GB"),
        ("011 44 20 7946 0958", "US"),
        ("+44 (0)20 7946 0958", "US"),
        ("+442079460958", "FR"),
    ],
)
def test_uk_number_in_national_and_international_forms(phone: str, region: str) -> None:
    assert phone_key(phone, region) == "+442079460958"


def test_national_forms_of_other_countries() -> None:
    assert phone_key("030 1234567", "DE") == phone_key("+49 30 1234567") == "+49301234567"
    assert phone_key("07911 123456", "GB") == phone_key("+44 7911 123456") == "+447911123456"


def test_a_national_number_is_read_in_the_given_region() -> None:
    assert phone_key("020 7946 0958", "GB") != phone_key("020 7946 0958", "DE")


def test_region_defaults_to_us() -> None:
    assert phone_key("(415) 555-0132") == "+14155550132"


@pytest.mark.parametrize(
    "phone",
    [
        None,
        "",
        "   ",
        "hello",
        "+",
        "123",
        "00000",
        "+1 415 555 013",  # a digit short
        "12345678901234567890",
        "call me maybe",
    ],
)
def test_junk_is_no_phone_key(phone: str | None) -> None:
    assert phone_key(phone, "US") is None


def test_a_local_number_without_its_area_code_is_no_phone_key() -> None:
    # "555-0132" is a different line in every US area code; it has no E.164 form and must not
    # become a strong key that merges strangers.
    assert phone_key("555-0132", "US") is None


# --- Names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "José Álvarez",
        "jose alvarez",
        "JOSÉ ÁLVAREZ",
        "  José   Álvarez ",
        "Jose\u0301 A\u0301lvarez",  # decomposed accents
        "José\u00a0Álvarez",
        "José\tÁlvarez",
        "🟢 José Álvarez",
        "José Álvarez 🚀",
        "José 👍🏽 Álvarez",
        "José Álvarez 🇪🇸",
        "👨\u200d👩\u200d👧 José Álvarez ✅",
    ],
)
def test_name_key_ignores_case_accents_spacing_and_emoji(name: str) -> None:
    assert name_key(name) == "jose alvarez"


def test_name_key_keeps_hyphens_and_apostrophes() -> None:
    assert name_key("Zoë O'Brien-Smith") == "zoe o'brien-smith"


def test_name_key_of_nothing_is_empty() -> None:
    assert name_key(None) == ""
    assert name_key("   ") == ""
    assert name_key("🚀✨") == ""


def test_different_names_keep_different_keys() -> None:
    assert name_key("Jon Smith") != name_key("John Smith")
    assert name_key("Ann Lee") != name_key("Anne Lee")


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("Łukasz Nowak", "Lukasz Nowak"),
        ("Søren Kierkegaard", "Soren Kierkegaard"),
        ("Đorđe Balašević", "Dorde Balasevic"),
    ],
)
def test_letters_with_strokes_fold_like_other_accented_letters(written: str, plain: str) -> None:
    assert name_key(written) == name_key(plain)


# --- Companies -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "company",
    [
        "Acme",
        "ACME",
        "acme",
        "Acme Inc",
        "Acme Inc.",
        "ACME, Inc.",
        "Acme Incorporated",
        "Acme Corp",
        "Acme Corporation",
        "Acme Ltd",
        "Acme Limited",
        "Acme LLC",
        "Acme PLC",
        "Acme GmbH",
        "Acme AG",
        "Acme Pty Ltd",
        "Acme Co.",
        "Acme 🚀",
        "  Acme  ",
    ],
)
def test_company_key_ignores_case_legal_suffixes_and_emoji(company: str) -> None:
    assert company_key(company) == "acme"


@pytest.mark.parametrize(
    ("company", "key"),
    [
        ("Société Générale SA", "societe generale"),
        ("Analytical Engines, Ltd.", "analytical engines"),
        ("Mercedes-Benz AG", "mercedes benz"),
        ("Coca-Cola Company", "coca cola"),
        ("Müller & Söhne GmbH", "muller sohne"),
        (None, ""),
        ("", ""),
    ],
)
def test_company_key_values(company: str | None, key: str) -> None:
    assert company_key(company) == key


def test_different_companies_keep_different_keys() -> None:
    assert company_key("Acme") != company_key("Acme Robotics")
    assert company_key("Globex") != company_key("Acme")


@pytest.mark.parametrize(
    ("company", "key"),
    [("Nestlé S.A.", "nestle"), ("Philips N.V.", "philips")],
)
def test_dotted_legal_suffixes_are_ignored(company: str, key: str) -> None:
    assert company_key(company) == key


@pytest.mark.parametrize(
    ("company", "key"),
    [
        ("Ab Initio", "ab initio"),
        ("AS Roma", "as roma"),
        ("Co-op Food", "co op food"),
        ("Spa Hotels Ltd", "spa hotels"),
    ],
)
def test_suffix_words_at_the_start_of_a_name_are_part_of_it(company: str, key: str) -> None:
    # Only a legal suffix ends a company name; "Ab Initio" and "Initio" are different firms.
    assert company_key(company) == key
