# ruff: noqa: E501  (signatures and signed strings are data: they cannot be wrapped)
"""Known RSA2 examples, made outside this code base, that our signing must reproduce.

1. ``OPENSSL_*``: produced with the ``openssl`` CLI (OpenSSL 3.0), not with our code::

       openssl genrsa -out key.pem 2048
       openssl rsa -in key.pem -pubout -out public.pem
       printf '%s' "$CONTENT" > content.txt       # the sorted k=v&... string below
       openssl dgst -sha256 -sign key.pem content.txt | base64 -w0

   ``OPENSSL_PAY_CONTENT`` is the string to sign of ``OPENSSL_PAY_PARAMS`` (a page.pay
   request), ``OPENSSL_NOTIFY_CONTENT`` that of ``OPENSSL_NOTIFY_PARAMS`` (a notification: no
   ``sign_type`` in it), ``OPENSSL_QUERY_RESPONSE`` the raw ``alipay_trade_query_response``
   object of an API answer (signed as it is, byte for byte).

2. ``RUBY_GEM_*``: a published example, the page.pay URL and test key in the test suite of the
   ``alipay`` Ruby gem (github.com/chloerei/alipay, MIT; test/alipay/client_test.rb and
   test/test_helper.rb). A 1024-bit key, with ``charset=UTF-8`` and cert serial numbers.
"""

OPENSSL_PRIVATE_KEY = """\
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCuuHPoN++hsmxS
lvN9gp2gxcUvFs0xZxNG4jYf6EJ8qBRM80wxBe9dBzFLzWJ+JtzwdCeZ9z7yqH9f
RBW0J5XBfD6toCKA1SvW4EvIv9opVAsHOVjquTjeacsG1yLjKMOTgKQcnsUgAH/8
N8s4clmPJZqG2/TdphuPESO89Px41XJmGmjFEPeY2+O23Vs/rN1SFmYPTWdNO/PT
mCrIzpH2/821QwnmhM6VOwM3Jux3ldWRILi9yAhZX0NS0JalvCKuF4mPwcVTaW7F
1S49CCTwtfLpqPkn8hjS4XjxOWACR9hUibhwhAGQmWANvhbTW2YIxgJWq+asCJeK
WKBUIgLtAgMBAAECggEAHpfDCcvzjFVMxMhUIaujdJF0hZqBOs+Az1ZQIlWdgKzA
gznNoz7WCuy1u79eadbdtEeuYHXronsQ9GocP8N3pB2gbu/dYsAQsUrsUh4PsdFa
rfzjXhQpCj6tc0jrvak3V4Y8lhtRylj0EAJn9b4GAvvTWx47+ax6YlpertkZtQFl
3hlWpZ28ONvnLjiZvTXBkEI6KMT80t3YrBY69LlsMO7f4QbEYIhl31xNz8ZFZ/HE
87NPQiXrNTkLqILDbvfdIj1OO+WoeszTO5z7OmZBwcxhzf7U1mgXBZFgME5CeloV
33JKoBwpKVrLjQ4fVVtLIjof3X+EF836PNMe9V+jyQKBgQD2S2CE598QlOh927J0
EdodV+ZXu/2JeaZmgsmshMB5pBoXWFOu/e23KemGTp3KxznI5pTD+9AbGOrMNKO9
Fepa5WszxfJII1rXn0W3MZud2nTNZOqtMPkgrPOi2FfR58J4cQP2aBfnfDSvlg+R
RINjki0JgCBiIFcclFmfCXNYqQKBgQC1mwlh3wbiIh17kjBgDBNZr2bgVIZIB/vk
pS/CTaln3/uYklyK4fgv+yl7+Dj4xQTuFkPPYU5CgIPLTgSx8nwphydB9O+caPGE
AWIqMAcOzUG3/X+P84ng1mIpBsMHvBYJfcd3lyGiZGTY+9jJ0tl+ThQv/+cZaUks
mB+dQ6+upQKBgQDt6P4BJCIbWFwER1ZoPF5e/eupUBSm2XXdi/TXyxxJ5DS33EBp
xyv7RGcpr4NIv42X/PQzJGlv42/bdfW8zxCkYPxe9JUHDe/QXS/wt+DEaKNvTE5M
ogPkhmyKH0UlpCP8R982BHMizp3uBpxfDLmGU0th4/xkDS1YlAzGTVC4kQKBgH2D
pK1nBoveBkB0nkiTsAAJUXH0GUbJddfmLyb8o/vt+ybM6Xb3jKAk19wdh8qv6KNg
8gbverZNukkWJ/qQ3C2bgo98aOrSQTH5/s2nmgkp5aTzaGmmaYHiyb8PNFYxMY3n
x6eo5Y8mEelBzuhWeQlpj1xJYoDWmsNedGMt98sdAoGALWDxTyoaDiflH/jirdv/
ma1oPRb+SRGceuWx9kJKwQ9qvoixa9436v/t/2kJQT6s1k3muGXROo/FeKKzXC8o
29XahYOJryvB3kAWrnVUG29jUlfNXYBkd2ESFCwR5h3JcJCkPT0Drj7v35AI5JYK
eUramzyI/FkBJhbrHs90JhU=
-----END PRIVATE KEY-----
"""

OPENSSL_PUBLIC_KEY = """\
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArrhz6DfvobJsUpbzfYKd
oMXFLxbNMWcTRuI2H+hCfKgUTPNMMQXvXQcxS81ifibc8HQnmfc+8qh/X0QVtCeV
wXw+raAigNUr1uBLyL/aKVQLBzlY6rk43mnLBtci4yjDk4CkHJ7FIAB//DfLOHJZ
jyWahtv03aYbjxEjvPT8eNVyZhpoxRD3mNvjtt1bP6zdUhZmD01nTTvz05gqyM6R
9v/NtUMJ5oTOlTsDNybsd5XVkSC4vcgIWV9DUtCWpbwirheJj8HFU2luxdUuPQgk
8LXy6aj5J/IY0uF48TlgAkfYVIm4cIQBkJlgDb4W01tmCMYCVqvmrAiXiligVCIC
7QIDAQAB
-----END PUBLIC KEY-----
"""

OPENSSL_PAY_PARAMS = {
    "app_id": "2021000000000001",
    "biz_content": '{"out_trade_no":"20250101120000123456789012","product_code":"FAST_INSTANT_TRADE_PAY","subject":"天天生鲜订单 20250101120000123456789012","time_expire":"2025-01-01 12:25:00","total_amount":"88.50"}',
    "charset": "utf-8",
    "format": "JSON",
    "method": "alipay.trade.page.pay",
    "notify_url": "https://shop.example.com/orders/alipay/notify/",
    "return_url": "https://shop.example.com/orders/pay/return/",
    "sign_type": "RSA2",
    "timestamp": "2025-01-01 12:00:00",
    "version": "1.0",
}

OPENSSL_PAY_CONTENT = 'app_id=2021000000000001&biz_content={"out_trade_no":"20250101120000123456789012","product_code":"FAST_INSTANT_TRADE_PAY","subject":"天天生鲜订单 20250101120000123456789012","time_expire":"2025-01-01 12:25:00","total_amount":"88.50"}&charset=utf-8&format=JSON&method=alipay.trade.page.pay&notify_url=https://shop.example.com/orders/alipay/notify/&return_url=https://shop.example.com/orders/pay/return/&sign_type=RSA2&timestamp=2025-01-01 12:00:00&version=1.0'

OPENSSL_PAY_SIGN = "IQoO6hZf7QCBVWTyEP6mukH88h+Nz/FJgpa2IGluy7EHJaBXmtgksmKv/7wuylodLPyeyrFyOUEanYxPeLhDlrqofyZ1Io3ZXLKoSC/wtE8TekidaJCV6eGFFsQ9J8HtqsxZK1ZflDphIxKC9NkrvWNfHo6dgtuaEqCb2JRAT3kcKN01f5WQMIpUyyS9r7p1Ua7Qp9aLGlw8VrP3hThIyLMEOKuxldsJF+huoUXcdIwRyOeTTtTSPk5l6m2/gBB+erNr8HCX7nVVV7aXoiVUsn5VqXpdwvpXqHkQ2i5ru3VRJ8+Ou0l+5XaOqwnCLvcvgLngjYmjFd4UKhz+uXwn+w=="

OPENSSL_NOTIFY_PARAMS = {
    "app_id": "2021000000000001",
    "buyer_pay_amount": "88.50",
    "charset": "utf-8",
    "gmt_payment": "2025-01-01 12:03:07",
    "notify_id": "2025010100222120307000000000001",
    "notify_time": "2025-01-01 12:03:08",
    "notify_type": "trade_status_sync",
    "out_trade_no": "20250101120000123456789012",
    "receipt_amount": "88.50",
    "subject": "天天生鲜订单 20250101120000123456789012",
    "total_amount": "88.50",
    "trade_no": "2025010122001400000000000001",
    "trade_status": "TRADE_SUCCESS",
    "version": "1.0",
    "sign_type": "RSA2",
    "sign": "YeBrA4zPDsa+ZsKIpy8GkmyYkGlfkydIWXZQIpZ54Wx6bW/C61fTPXsqFTv359Q1Q5u0DxXwl08D6UDx+tgcJZBwk8TRodJLvYAOBh0IJTppYmkzUyiJfM/dqw/akNMkcEx3XNHxLxm7BXyCRDlh/Tgq52DA32JyVHpWB4XsGAoJG7ghZFPjJ6Y/jmnVqm9jDxOqd2ru7IBv089b1FuKM15f59gsGhZUNbfrfBRzPmxCMyoHf4R9Tb4cnrCZ1YiQPSQBzw2OEJBvXob+ql6rlUeNeJb867qmC7UX5bYZTyPzXi8pfqfY9hmNR+dcZ7r6IEbW45l9dyYqvo3gPq5kiw==",
}

OPENSSL_NOTIFY_CONTENT = "app_id=2021000000000001&buyer_pay_amount=88.50&charset=utf-8&gmt_payment=2025-01-01 12:03:07&notify_id=2025010100222120307000000000001&notify_time=2025-01-01 12:03:08&notify_type=trade_status_sync&out_trade_no=20250101120000123456789012&receipt_amount=88.50&subject=天天生鲜订单 20250101120000123456789012&total_amount=88.50&trade_no=2025010122001400000000000001&trade_status=TRADE_SUCCESS&version=1.0"

OPENSSL_NOTIFY_SIGN = "YeBrA4zPDsa+ZsKIpy8GkmyYkGlfkydIWXZQIpZ54Wx6bW/C61fTPXsqFTv359Q1Q5u0DxXwl08D6UDx+tgcJZBwk8TRodJLvYAOBh0IJTppYmkzUyiJfM/dqw/akNMkcEx3XNHxLxm7BXyCRDlh/Tgq52DA32JyVHpWB4XsGAoJG7ghZFPjJ6Y/jmnVqm9jDxOqd2ru7IBv089b1FuKM15f59gsGhZUNbfrfBRzPmxCMyoHf4R9Tb4cnrCZ1YiQPSQBzw2OEJBvXob+ql6rlUeNeJb867qmC7UX5bYZTyPzXi8pfqfY9hmNR+dcZ7r6IEbW45l9dyYqvo3gPq5kiw=="

OPENSSL_QUERY_RESPONSE = '{"code":"10000","msg":"Success","buyer_logon_id":"abc***@example.com","buyer_pay_amount":"88.50","out_trade_no":"20250101120000123456789012","total_amount":"88.50","trade_no":"2025010122001400000000000001","trade_status":"TRADE_SUCCESS"}'

OPENSSL_QUERY_SIGN = "TwjMaQgIpuKFoYEWG9z0TCrhKSGTAmLRsTU9NKuP60sL8ilYu3pYw55oCVhNn+765bd3ddE/FpIScT9HNzd1oOQTQ5C9BRMAVHzE0JqiTuRx8PsEfAhUQh3LDehj48YjOngSW6CWErE3+N+BabMInWvtXSprX8L/98L2QEXsil0OYdXJhgMcbSIylAofQqMeWxbhoY9H7HUr3P1+C8MOq3ys+knTyngm46LNd65CrbcP5gOvihtvHDq0A4RLLJkdL3EtGEDSlEU4BU3yUo6mzgG3xXeE4tGlOKsl3RAZO8h4cIAmkV2yWxTxXOygcjp5heZaHE32GeuaSkNMnGwxOQ=="

RUBY_GEM_PRIVATE_KEY = """\
-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAKM1WEl/09gMU3U8
V3hJcS/GaMPR2f7FDiVC7qjwdsZfPh179FFVMkMvjyrDGfzWVqvlw1IiNueENFeb
19lyvO7BuOrFc6/Y6/sxkBr9YkRx++nddxKDEo8HngUtW8ej+vG4wrbGmmzjsulz
u+mmS+Leh9tdbrVL5pPRNYWRQxOfAgMBAAECgYB7xOSjOJFK8m4IJi6fRfLULD8e
4XHUR1Qm5c9fxpwMbAYLDgmF9HodgV+tKi/3EgTAb4nkK5Y/lH6tQb47ZUvo/lKz
RlIVZ6Rm76V07g/+5exIZzTyvdD9T2fLeYQwKV/2JYUv0KSYWPvWykdaV4aNkCuw
mxTUjvhDxK/Ns31CIQJBANI1Y3gGBqbBIN9wxjx3ShBtt/U8YnipUJ92eTI7OU9p
ZsCIFPoeYG/X40miwDb5ouPnvJTtzuY4PkPokEefN9MCQQDGwurqa8RNK2APA62U
CdZbJuWimkdHEc53IKvD/l2tWVFqhVAy8bs+3LGzBNfuxUuAxOoQm9n0IVRaH5jn
l8GFAkEAijuTmsUTsKsGDAmkQvULHnyYYUuBUem92+9TycWKbX9Zk7ipWsWJE2N7
0tuU3VISXR7yM1mjGl/YCl4wKvk4AwJAE1DkBY4dkKZTeoIP/2AJXehkzq2Rmb2I
RBl/t9djgTI58FEuXxUQ7mYCOvSQi5rO4J/CY4TR5KDMksmZUYB1BQJAIEfVDxz4
5yoHL7L+6EoC5TWxUxFMN7z7FhObyKeaLKj3inEsbjfcPCA09zPUce0FSKBc/dVh
DEorJMaPK5vXiA==
-----END PRIVATE KEY-----
"""

RUBY_GEM_PUBLIC_KEY = """\
-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCjNVhJf9PYDFN1PFd4SXEvxmjD
0dn+xQ4lQu6o8HbGXz4de/RRVTJDL48qwxn81lar5cNSIjbnhDRXm9fZcrzuwbjq
xXOv2Ov7MZAa/WJEcfvp3XcSgxKPB54FLVvHo/rxuMK2xpps47Lpc7vppkvi3ofb
XW61S+aT0TWFkUMTnwIDAQAB
-----END PUBLIC KEY-----
"""

# the page.pay URL's parameters, in the gem's order, without sign
RUBY_GEM_PAY_PARAMS = {
    "app_id": "2016000000000000",
    "charset": "UTF-8",
    "sign_type": "RSA2",
    "version": "1.0",
    "timestamp": "2016-04-01 00:00:00",
    "method": "alipay.trade.page.pay",
    "biz_content": '{"out_trade_no":"20160401000000","product_code":"FAST_INSTANT_TRADE_PAY","total_amount":"0.01","subject":"test"}',
    "app_cert_sn": "28d1147972121b91734da59aa10f3c16",
    "alipay_root_cert_sn": "28d1147972121b91734da59aa10f3c16_28d1147972121b91734da59aa10f3c16",
}

RUBY_GEM_PAY_SIGN = "SEOXB35dlg5c4P1dwFnZDuvI/AsjMx6rfC9Y2F83lLx86GK1C1bQ05HR/w/QhAbnXVIKt1/h9IrDx6q8mlalQbWiNMrWHDZHm5/MFYln29LDNxtOT9T3s4bSvzzwfjzmnock68H7dW+Jm+bf5q6KFzen6iiR3/y9BPwgldJhRh0="
