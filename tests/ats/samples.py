"""Made-up job descriptions and resumes for the ATS tests."""

JOB = """Senior Backend Engineer at Lumen Freight

We are hiring a backend engineer to grow our shipment tracking platform.
Requirements:
- 5+ years of experience building backend services
- Python and PostgreSQL in production; Docker and Kubernetes for deployment
- Kafka for event streaming
Nice to have:
- Terraform and AWS
Experience with GraphQL is a plus.
"""

STRONG = """Mira Castell
mira.castell@example.org | +44 20 7946 0123

Experience
Parcelwise Ltd - Senior Backend Engineer
Jan 2017 - Present
Built shipment tracking services in Python on PostgreSQL, shipped with Docker and Kubernetes.
Streamed parcel events through Kafka to the tracking platform.

Education
BSc Computer Science, University of Leeds, 2016

Skills
Python, PostgreSQL, Docker, Kubernetes, Kafka, Terraform

Projects
Routebook - a route planner for couriers
"""

WEAK = """Tom Baker
Experience
Corner Bakery - Head Baker
2019 - 2021
Baked sourdough every morning and trained two apprentices.
"""
