"""Registration: form errors, the live username check, races, and mail that must go out."""

import threading

import pytest
from bs4 import BeautifulSoup
from celery import Celery
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.exceptions import UsernameTaken
from accounts.forms import RegisterForm
from accounts.models import User
from accounts.tasks import activation_mail_send_task
from freshsite.queue import enqueue_on_commit

from .factories import UserFactory

REGISTER_URL = reverse("accounts:register")
CHECK_URL = reverse("accounts:register_check")
TYPED_PASSWORD = "Typed-secret-2026"


def sign_up_data(**overrides) -> dict:
    data = {
        "username": "fresh_fan",
        "password": TYPED_PASSWORD,
        "password2": TYPED_PASSWORD,
        "email": "fan@example.com",
        "allow": "on",
    }
    data.update(overrides)
    return data


def field_errors(html: str, name: str) -> list[str]:
    """The error texts shown inside the ``.field`` block that holds input ``name``."""
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": name})
    block = field.find_parent("div", class_="field")
    return [span.get_text() for span in block.select(".field__error")]


def input_value(html: str, name: str) -> str | None:
    return BeautifulSoup(html, "html.parser").find("input", attrs={"name": name}).get("value")


# --- Form errors -----------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "ab"}, "username", "用户名为 3–20 个字母、数字或下划线。"),
        ({"username": "bad-name!"}, "username", "用户名为 3–20 个字母、数字或下划线。"),
        ({"password2": "Other-secret-2026"}, "password2", "两次输入的密码不一致。"),
        ({"password": "12345678", "password2": "12345678"}, "password", "这个密码太常见了。"),
        ({"email": "not-an-email"}, "email", "输入一个有效的 Email 地址。"),
        ({"allow": ""}, "allow", "请先同意用户使用协议。"),
    ],
    ids=["short-username", "bad-characters", "mismatch", "weak-password", "bad-email", "terms"],
)
def test_invalid_sign_up_shows_the_error_beside_the_field(client, overrides, field, message):
    data = sign_up_data(**overrides)

    response = client.post(REGISTER_URL, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in field_errors(html, field)
    # What the shopper typed comes back, except any password.
    assert input_value(html, "username") == data["username"]
    assert input_value(html, "email") == data["email"]
    assert input_value(html, "password") is None
    assert input_value(html, "password2") is None
    assert data["password"] not in html and data["password2"] not in html
    assert not User.objects.exists()


@pytest.mark.django_db
def test_password_too_like_the_username_is_refused(client):
    response = client.post(
        REGISTER_URL,
        sign_up_data(username="melonlover", password="melonlover1", password2="melonlover1"),
    )

    assert response.status_code == 200
    assert field_errors(response.content.decode(), "password")
    assert not User.objects.exists()


# --- The live username check -----------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "available"),
    [("Taken_Name", False), ("taken_name", False), ("TAKEN_NAME", False), ("free_name", True)],
)
def test_username_check_is_case_insensitive(client, username, available):
    UserFactory(username="taken_name")

    response = client.get(CHECK_URL, {"username": username})

    assert response.status_code == 200
    assert response.json() == {"ok": True, "available": available}


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["ab", "has space", "bad-name", "x" * 21, ""])
def test_username_check_rejects_a_malformed_name(client, username):
    response = client.get(CHECK_URL, {"username": username})

    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error"] == "invalid_username"
    assert "3–20" in body["message"]


# --- Two shoppers, one name ------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sign_ups_for_one_name_create_one_account():
    barrier = threading.Barrier(2)
    responses, errors = [], []

    def sign_up(email: str) -> None:
        try:
            client = Client()
            barrier.wait(timeout=10)
            responses.append(client.post(REGISTER_URL, sign_up_data(email=email)))
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(f"racer{n}@example.com",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(response.status_code for response in responses) == [200, 302]
    loser = next(response for response in responses if response.status_code == 200)
    assert "用户名已被注册" in loser.content.decode()
    assert User.objects.filter(username__iexact="fresh_fan").count() == 1


@pytest.mark.django_db
def test_name_taken_after_the_form_was_validated_raises_username_taken():
    form = RegisterForm(sign_up_data())
    assert form.is_valid()
    UserFactory(username="Fresh_Fan")  # someone else, a moment later

    with pytest.raises(UsernameTaken):
        services.user_register(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
        )
    assert User.objects.filter(username__iexact="fresh_fan").count() == 1


@pytest.mark.django_db
def test_view_shows_the_error_when_the_name_is_taken_after_validation(client):
    """Another shopper's insert lands right after the form's availability check."""
    state = {"checked": False}

    def competitor_inserts_after_the_form_check(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not state["checked"] and sql.startswith("SELECT") and "accounts_user" in sql:
            state["checked"] = True
            UserFactory(username="fresh_fan")
        return result

    with connection.execute_wrapper(competitor_inserts_after_the_form_check):
        response = client.post(REGISTER_URL, sign_up_data())

    assert state["checked"]
    assert response.status_code == 200
    assert "用户名已被注册。" in field_errors(response.content.decode(), "username")
    assert User.objects.filter(username="fresh_fan").count() == 1


# --- Mail that must go out -------------------------------------------------------------------
@pytest.mark.django_db
def test_unreachable_broker_is_logged_not_raised(
    django_capture_on_commit_callbacks, caplog, monkeypatch
):
    """The shopper's request (say, a sign-up) succeeds; the sweep sends the mail later."""
    # Celery's broker_url prefers a CELERY_BROKER_URL environment variable (CI sets one) to
    # any configuration.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    unreachable = Celery("unreachable", broker="redis://127.0.0.1:1/0", set_as_current=False)
    unreachable.conf.update(
        broker_connection_retry=False,
        broker_connection_max_retries=0,
        broker_connection_timeout=1,
        broker_transport_options={"max_retries": 0},
        task_publish_retry=False,
    )

    @unreachable.task(name="unreachable.noop")
    def noop(**kwargs):
        return kwargs

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(noop, user_id=1)

    assert len(callbacks) == 1
    assert "could not queue unreachable.noop" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_sweep_mails_accounts_whose_activation_mail_never_went_out(celery_worker, wait_for):
    now = timezone.now()
    ten_minutes_ago = now - timezone.timedelta(minutes=10)
    forgotten = UserFactory(is_active=False, date_joined=ten_minutes_ago)
    UserFactory(is_active=False, date_joined=ten_minutes_ago, activation_sent_at=ten_minutes_ago)
    UserFactory(is_active=False, date_joined=now)  # its own task may still be on the way

    assert services.activation_mail_sweep() == 1

    wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == [forgotten.email]
    wait_for(lambda: User.objects.get(pk=forgotten.pk).activation_sent_at is not None)
    assert services.activation_mail_sweep() == 0


@pytest.mark.django_db
def test_smtp_down_makes_the_activation_mail_task_retry(settings, caplog):
    """Celery 5.7's ``apply()`` replays each retry at once, so all of them run here."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    user = UserFactory(is_active=False)

    result = activation_mail_send_task.apply(kwargs={"user_id": user.pk})

    retries = [r for r in caplog.records if r.name == "celery.app.trace" and "retry:" in r.message]
    assert len(retries) == activation_mail_send_task.max_retries
    assert result.state == "FAILURE"
    assert isinstance(result.result, ConnectionRefusedError)
    user.refresh_from_db()
    assert user.activation_sent_at is None
