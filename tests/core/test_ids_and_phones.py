import pytest
from django.core.exceptions import ValidationError

from fanzha.core.ids import check_digit, mask_id_number, validate_id_number
from fanzha.core.logging import redact
from fanzha.core.money import to_money
from fanzha.core.phones import mask_phone, normalize_phone


def make_id(first17: str) -> str:
    return first17 + check_digit(first17)


def test_a_valid_id_number_passes_and_is_normalised():
    number = make_id("53232319800101123")
    assert validate_id_number(number.lower() + " ") == number


def test_an_id_number_with_a_wrong_check_digit_is_refused():
    number = make_id("53232319800101123")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        validate_id_number(wrong)


def test_an_id_number_with_an_impossible_birth_date_is_refused():
    with pytest.raises(ValidationError, match="出生日期"):
        validate_id_number(make_id("53232319801301123"))


@pytest.mark.parametrize("raw", ["13812341234", "+86 138-1234-1234", "0086 13812341234", "１３８１２３４１２３４"])
def test_phone_numbers_in_any_common_shape_normalise_to_e164(raw):
    assert normalize_phone(raw) == "+8613812341234"


def test_an_unparsable_phone_is_refused():
    with pytest.raises(ValidationError):
        normalize_phone("not a phone")


def test_masks_keep_only_the_ends():
    assert mask_phone("+8613812341234") == "138****1234"
    assert mask_id_number("532323198001011234") == "532***********1234"


def test_no_phone_masks_to_nothing_not_to_a_hidden_number():
    assert mask_phone("") == ""
    assert mask_phone(None) == ""


def test_money_is_decimal_to_the_fen():
    assert str(to_money("¥1,234.5")) == "1234.50"
    with pytest.raises(ValueError):
        to_money("abc")


def test_log_redaction_blanks_phone_and_id_numbers():
    assert redact("call 13812341234 id 532323198001011234") == "call [phone] id [id]"
