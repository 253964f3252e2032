"""Usernames are unique whatever their case, in the database, however many sign up at once."""

import threading

import pytest
from bs4 import BeautifulSoup
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.exceptions import UsernameTaken
from accounts.models import User

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

REGISTER_URL = reverse("accounts:register")
SPELLINGS = ["bobby", "Bobby", "BOBBY", "bObby", "boBby", "bobBy", "bobbY", "BObby"]


def run_together(work, arguments) -> tuple[list, list]:
    """Run ``work(argument)`` in one thread per argument, all released at once."""
    barrier = threading.Barrier(len(arguments))
    results, errors = [], []

    def racer(argument) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(work(argument))
        except Exception as error:  # counted by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.parametrize("racers", [2, 8])
def test_sign_ups_racing_for_one_name_in_any_case_create_one_account(racers):
    def sign_up(username: str) -> User:
        return services.user_register(
            username=username, email=f"{username}@example.com", password=PASSWORD
        )

    winners, errors = run_together(sign_up, SPELLINGS[:racers])

    assert len(winners) == 1
    assert len(errors) == racers - 1
    assert all(isinstance(error, UsernameTaken) for error in errors), errors
    assert list(User.objects.filter(username__iexact="bobby")) == winners


def test_racing_sign_up_forms_show_the_loser_the_usual_error():
    def post_form(username: str):
        return Client().post(
            REGISTER_URL,
            {
                "username": username,
                "password": "Typed-secret-2026",
                "password2": "Typed-secret-2026",
                "email": f"{username}@example.com",
                "allow": "on",
            },
        )

    responses, errors = run_together(post_form, ["bobby", "Bobby", "BOBBY"])

    assert errors == []
    assert sorted(response.status_code for response in responses) == [200, 200, 302]
    for loser in (response for response in responses if response.status_code == 200):
        page = BeautifulSoup(loser.content, "html.parser")
        assert (
            "用户名已被注册。"
            in page.select_one("input[name=username]").find_parent("div", class_="field").get_text()
        )
    assert User.objects.filter(username__iexact="bobby").count() == 1


def test_the_database_refuses_a_name_differing_only_in_case():
    """Whatever path writes the user (the admin, a shell, a script), not only the shop's form."""
    UserFactory(username="bobby")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="Bobby", password=PASSWORD)

    assert User.objects.get(username__iexact="bobby").username == "bobby"


def test_the_admin_shows_a_name_taken_in_another_case_beside_the_field():
    UserFactory(username="bobby")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)

    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "Bobby",
            "email": "bobby2@example.com",
            "first_name": "Bob",
            "last_name": "Lee",
            "password1": "Another-pass-2026",
            "password2": "Another-pass-2026",
        },
    )

    assert response.status_code == 200
    # Wagtail's own check already says so on MariaDB, whose collation ignores case
    assert list(response.context["form"].errors) == ["username"]
    assert User.objects.filter(username__iexact="bobby").count() == 1
