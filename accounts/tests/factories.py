import factory

from accounts.models import Address, User

PASSWORD = "Fresh-pass-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"shopper_{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    is_active = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    receiver = "张三"
    address = factory.Sequence(lambda n: f"北京市海淀区中关村大街{n}号")
    zip_code = "100080"
    phone = "13800138000"
    is_default = False
