"""Replacement for oscarapi.download.default that never opens a connection.

oscarapi's admin product serializer downloads an image given as a URL of another
host. The test shop must not reach other hosts, so the download fails instead.
oscarapi turns the HTTPError raised here into a validation error for the request.
"""
from urllib.error import HTTPError


class RetrieveFileMixin:
    def retrieve_file(self):
        raise HTTPError(
            self.url,
            403,
            "downloads from other hosts are disabled in the local test shop",
            None,
            None,
        )
