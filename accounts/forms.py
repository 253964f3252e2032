from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from freshsite.queue import enqueue_on_commit

from . import regions
from .login_throttle import login_is_locked_out, login_lockout_message
from .models import Address, User, username_validator
from .selectors import username_is_available
from .tasks import mail_send_task


class RegisterForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=20,
        validators=[username_validator],
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    email = forms.EmailField(
        label=_("邮箱"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    allow = forms.BooleanField(
        label=_("同意《天天生鲜用户使用协议》"),
        error_messages={"required": _("请先同意用户使用协议。")},
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if not username_is_available(username=username):
            raise forms.ValidationError(_("用户名已被注册。"), code="username_taken")
        return username

    def clean(self):
        cleaned = super().clean()
        password, password2 = cleaned.get("password"), cleaned.get("password2")
        if password and password2 and password != password2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif password:
            candidate = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    remember = forms.BooleanField(label=_("记住我（两周）"), required=False)

    # error codes the template uses to add links
    INACTIVE = "inactive"
    THROTTLED = "throttled"

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        # django-axes' backend refuses a locked-out client, and flags the failure that locks it
        self.user = authenticate(self.request, username=username, password=password)
        if self.user is None and login_is_locked_out(self.request):
            raise forms.ValidationError(login_lockout_message(), code=self.THROTTLED)
        if self.user is None:
            inactive = User.objects.filter(username=username, is_active=False).first()
            if inactive is not None and inactive.check_password(password):
                raise forms.ValidationError(_("请先激活您的账户。"), code=self.INACTIVE)
            raise forms.ValidationError(_("用户名或密码错误。"), code="invalid_login")
        return self.cleaned_data


class AdminLoginForm(WagtailLoginForm):
    """The Wagtail admin's login form (``WAGTAILADMIN_USER_LOGIN_FORM``), saying so when the
    client is locked out instead of "wrong password"."""

    def get_invalid_login_error(self):
        if login_is_locked_out(self.request):
            return forms.ValidationError(login_lockout_message(), code=LoginForm.THROTTLED)
        return super().get_invalid_login_error()


class ResendActivationForm(forms.Form):
    identifier = forms.CharField(label=_("用户名或邮箱"), max_length=254)


class RegionSelect(forms.Select):
    """A select of one level of the region lists; its options are set by the form (the page's
    script, static/js/regions.js, changes them when the level above changes)."""


class AddressForm(forms.ModelForm):
    """Receiver, province / city / district from the lists (``accounts.regions``), the street,
    an optional zip code and a mobile number. An address made before the lists shows its old
    text as the street and no region until the shopper chooses one here. That the three name
    one place of the lists is checked by ``Address.clean()``, which the ModelForm runs."""

    # leaves room for the region in the order's 256-character snapshot
    address = forms.CharField(label=_("详细地址"), max_length=200, help_text=_("街道、门牌号等"))

    class Meta:
        model = Address
        fields = ["receiver", "province", "city", "district", "address", "zip_code", "phone"]
        widgets = {
            "province": RegionSelect(attrs={"data-region": "province"}),
            "city": RegionSelect(attrs={"data-region": "city"}),
            "district": RegionSelect(attrs={"data-region": "district"}),
            "zip_code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 6}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "maxlength": 11}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("province", "city"):
            self.fields[name].required = True
        province = self._chosen("province")
        city = self._chosen("city")
        self._offer("province", regions.provinces(), _("请选择省份"))
        self._offer("city", regions.cities(province), _("请选择城市"))
        self._offer("district", regions.districts(province, city), _("请选择区县"))

    def _chosen(self, name: str) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix(name), ""))
        return str(self.initial.get(name, "") or "")

    def _offer(self, name: str, options: list[str], prompt) -> None:
        self.fields[name].widget.choices = [("", prompt), *((o, o) for o in options)]


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset form, with the mail handed to Celery instead of sent inline.

    The link is built from ``SITE_URL``, never from the request's Host header, which a client
    chooses: a forged Host would otherwise mail a real reset token to the sender's own site.
    """

    def save(self, **kwargs):
        site = urlsplit(settings.SITE_URL)
        kwargs["domain_override"] = site.netloc
        kwargs["use_https"] = site.scheme == "https"
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        return super().save(**kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        text_body = loader.render_to_string(email_template_name, context)
        html_body = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        enqueue_on_commit(
            mail_send_task,
            subject=subject,
            to=[to_email],
            text_body=text_body,
            html_body=html_body,
        )
