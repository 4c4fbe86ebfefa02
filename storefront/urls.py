"""Shop URLs at the site root, one module per area; every name lives in the `storefront` namespace."""

from storefront.account.urls import urlpatterns as account_urls
from storefront.browse.urls import urlpatterns as browse_urls
from storefront.buy.urls import urlpatterns as buy_urls
from storefront.reviews.urls import urlpatterns as review_urls

app_name = "storefront"

urlpatterns = [*browse_urls, *buy_urls, *account_urls, *review_urls]
