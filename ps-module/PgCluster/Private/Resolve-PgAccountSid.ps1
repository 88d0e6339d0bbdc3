function Resolve-PgAccountSid {
    <#
    .SYNOPSIS
        The SID (S-1-5-...) of a Windows account given as DOMAIN\user, COMPUTER\user, user or a
        SID (with or without secedit's leading '*'). Throws PgCluster.AccountNotFound.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter(Mandatory = $true)]
        [string]
        $Account
    )

    $name = $Account.Trim()
    if ($name -match '^\*?(?<sid>S-1-\d+(-\d+)+)$') {
        return $Matches['sid']
    }
    if ($name -eq 'LocalSystem') {
        # The SCM's name for the local system account, not an account name Windows translates.
        return 'S-1-5-18'
    }
    if ($name.StartsWith('.\')) {
        # ".\user" (how services store local accounts) is this computer's user.
        $name = "$([System.Environment]::MachineName)\$($name.Substring(2))"
    }
    try {
        $ntAccount = [System.Security.Principal.NTAccount]::new($name)
        return $ntAccount.Translate([System.Security.Principal.SecurityIdentifier]).Value
    }
    catch {
        throw (New-PgErrorRecord -ErrorId 'AccountNotFound' -Category ObjectNotFound -TargetObject $Account `
                -Message "The account '$Account' could not be resolved to a SID: $($_.Exception.Message)" `
                -Hint 'Give the account as DOMAIN\user or COMPUTER\user, as whoami shows it when logged on as that user.')
    }
}
