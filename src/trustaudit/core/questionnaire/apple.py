"""The ``apple:`` key of a profile option: how it maps to the App Store privacy label.

The label's vocabulary is Apple's, as fastlane writes it in ``app_privacy_details.json``
(``upload_app_privacy_details_to_app_store``; the ids are those of fastlane's
``Spaceship::ConnectAPI::AppDataUsageCategory``, ``AppDataUsagePurpose`` and
``AppDataUsageDataProtection``). docs/data-cards.md says what each field does and where the ids
come from; the draft label is built in ``report.card.apple``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from trustaudit.core.fields import Model

AppleCategory = Literal[
    "PAYMENT_INFORMATION", "CREDIT_AND_FRAUD", "OTHER_FINANCIAL_INFO", "PRECISE_LOCATION",
    "SENSITIVE_INFO", "PHYSICAL_ADDRESS", "EMAIL_ADDRESS", "NAME", "PHONE_NUMBER",
    "OTHER_CONTACT_INFO", "CONTACTS", "EMAILS_OR_TEXT_MESSAGES", "PHOTOS_OR_VIDEOS", "AUDIO",
    "GAMEPLAY_CONTENT", "CUSTOMER_SUPPORT", "OTHER_USER_CONTENT", "BROWSING_HISTORY",
    "SEARCH_HISTORY", "USER_ID", "DEVICE_ID", "PURCHASE_HISTORY", "PRODUCT_INTERACTION",
    "ADVERTISING_DATA", "OTHER_USAGE_DATA", "CRASH_DATA", "PERFORMANCE_DATA",
    "OTHER_DIAGNOSTIC_DATA", "OTHER_DATA", "HEALTH", "FITNESS", "COARSE_LOCATION",
]  # fmt: skip
"""The App Store's data types (fastlane's category ids)."""

ApplePurpose = Literal[
    "THIRD_PARTY_ADVERTISING", "DEVELOPERS_ADVERTISING", "ANALYTICS", "PRODUCT_PERSONALIZATION",
    "APP_FUNCTIONALITY", "OTHER_PURPOSES",
]  # fmt: skip
"""Why the data is used (fastlane's purpose ids)."""


class AppleKeys(Model):
    """What choosing this option tells the App Store label (profile options only).

    ``categories`` and ``purposes`` with one id map the option; with several, a person must
    choose among them (the draft lists them instead of guessing). ``linked`` and ``tracking``
    say what choosing the option means for every data type of the feature.
    """

    categories: list[AppleCategory] = Field(
        default_factory=list,
        description="Options of the data_kinds question: the App Store data types this kind "
        "of data is; several mean a person chooses among them.",
    )
    purposes: list[ApplePurpose] = Field(
        default_factory=list,
        description="Options of the uses question: the App Store purposes this use is; "
        "several mean a person chooses among them.",
    )
    linked: bool | None = Field(
        None,
        description="true: choosing this option means the feature's data is linked to the "
        "customer's identity; false: it means the data is not linked.",
    )
    tracking: bool | None = Field(
        None,
        description="true: choosing this option means the data is used to track the customer "
        "(Apple's sense: combined with other companies' data for advertising, or shared with "
        "data brokers).",
    )
