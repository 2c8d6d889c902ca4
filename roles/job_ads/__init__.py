"""The job-ad builder: a role page turned into a ready-to-post job ad (forms, the JobAd it
builds, its exports and the JobPosting check). Nothing is stored: the ad lives in its link."""
